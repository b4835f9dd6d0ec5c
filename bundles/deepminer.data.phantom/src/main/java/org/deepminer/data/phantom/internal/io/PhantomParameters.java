package org.deepminer.data.phantom.internal.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.data.phantom.internal.synth.SynthSettings;

/**
 * What to generate. Everything but {@code threads} determines the output; {@link #describe()} is what
 * phantom.json records and what a re-run is compared against.
 *
 * @param cases number of cases (one breast each)
 * @param seed the seed every random choice derives from
 * @param size image side in pixels
 * @param views the views of each breast, CC and/or MLO
 * @param contrast lesion contrast, a multiple of the physical contrast
 * @param mix fractions of normal, benign-leaning and malignant-leaning cases
 * @param threads worker threads (output does not depend on it)
 */
public record PhantomParameters(int cases, long seed, int size, List<String> views, double contrast, CasePrior.Mix mix,
        int threads) {
    public static final long DEFAULT_SEED = 123;
    public static final int DEFAULT_SIZE = 512;
    public static final int DEFAULT_CASES = 100;

    public PhantomParameters {
        if (cases < 1 || cases > 1_000_000) {
            throw new IllegalArgumentException("--cases must be 1 to 1000000, not " + cases);
        }
        if (size < 64 || size > 8192) {
            throw new IllegalArgumentException("--size must be 64 to 8192 pixels, not " + size);
        }
        views = List.copyOf(views);
        if (views.isEmpty() || views.stream().distinct().count() != views.size()
                || !views.stream().allMatch(v -> v.equals("CC") || v.equals("MLO"))) {
            throw new IllegalArgumentException("--views must list CC and/or MLO once each, not " + views);
        }
        if (!(contrast > 0) || contrast > 20) {
            throw new IllegalArgumentException("--contrast must be above 0 and at most 20, not " + contrast);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    public static PhantomParameters defaults(int cases, long seed) {
        return new PhantomParameters(cases, seed, DEFAULT_SIZE, List.of("CC", "MLO"), SynthSettings.DEFAULT_CONTRAST,
                CasePrior.Mix.defaults(), Runtime.getRuntime().availableProcessors());
    }

    /** Parses {@code CC,MLO}, {@code mlo}, ... */
    public static List<String> parseViews(String text) {
        List<String> views = new ArrayList<>();
        for (String v : text.split(",")) {
            String t = v.trim().toUpperCase(Locale.ROOT);
            if (!t.isEmpty()) {
                views.add(t);
            }
        }
        return views;
    }

    public SynthSettings synth() {
        return SynthSettings.forSize(size, contrast);
    }

    /** The parameters that determine the output, in a stable order. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", cases);
        m.put("seed", seed);
        m.put("size", size);
        m.put("views", views);
        m.put("contrast", contrast);
        Map<String, Object> mixMap = new LinkedHashMap<>();
        mixMap.put("normal", mix.normal());
        mixMap.put("benign_leaning", mix.benignLeaning());
        mixMap.put("malignant_leaning", mix.malignantLeaning());
        m.put("mix", mixMap);
        return m;
    }
}
