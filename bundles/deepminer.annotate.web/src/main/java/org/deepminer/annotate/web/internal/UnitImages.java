package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.annotate.web.internal.Png.Grey;
import org.deepminer.annotate.web.internal.ServedRun.TopSample;

/**
 * The pictures of a unit page, as PNG bytes:
 * <ul>
 * <li>a tile: sample {@code rank} cut from the unit's montage, i.e. with the unit's map as a mask (pixels under
 * 0.2 of the top map dimmed to 20 %, as the probe drew it);</li>
 * <li>a patch: the same sample without the mask, cut from its mammogram as the run's data set gives it;</li>
 * <li>the context: the whole mammogram with the patch's box.</li>
 * </ul>
 * Everything is cached by encoded size; whole mammograms are kept shrunk to {@value #WHOLE_SIDE} pixels, so that
 * the patches and context of one unit (often a handful of images) are read once.
 */
final class UnitImages {
    static final int WHOLE_SIDE = 1024;
    static final int CONTEXT_SIDE = 640;
    /** The box drawn on the context image: amber, with a dark rim that keeps it visible on bright tissue. */
    private static final int BOX = 0xF2B33D;
    private static final int RIM = 0x101214;

    private final Function<ServedRun, Optional<SampleImages>> datasets;
    private final ByteCache<String, byte[]> pngs;
    private final ByteCache<String, Grey> montages;
    private final ByteCache<String, Grey> wholes;

    UnitImages(Function<ServedRun, Optional<SampleImages>> datasets, long cacheBytes) {
        this.datasets = datasets;
        this.pngs = new ByteCache<>(cacheBytes / 4, b -> b.length);
        this.montages = new ByteCache<>(cacheBytes / 4, g -> g.pixels().length);
        this.wholes = new ByteCache<>(cacheBytes / 2, g -> g.pixels().length);
    }

    /** Whether a run's mammograms can be shown (its data set is where the manifest says, and readable). */
    boolean hasDataset(ServedRun run) {
        return datasets.apply(run).isPresent();
    }

    Optional<byte[]> tile(ServedRun run, int unit, int rank) {
        List<TopSample> top = run.top(unit);
        int index = indexOf(top, rank);
        if (index < 0) {
            return Optional.empty();
        }
        String key = "tile|" + run.id() + "|" + run.stamp() + "|" + unit + "|" + rank;
        return Optional.ofNullable(pngs.get(key, k -> {
            Grey montage = montage(run, unit);
            if (montage == null) {
                return null;
            }
            MontageGeometry g = MontageGeometry.infer(montage.width(), montage.height(), top.size()).orElseThrow(
                    () -> new DeepMinerException(run.montage(unit).map(Path::toString).orElse(run.dir().toString()),
                            "a " + montage.width() + "x" + montage.height() + " montage cannot hold " + top.size()
                                    + " tiles of the top-activations layout"));
            return Png.grey(Png.crop(montage, g.x(index), g.y(index), g.cell(), g.cell()));
        }));
    }

    Optional<byte[]> patch(ServedRun run, int unit, int rank) {
        Optional<TopSample> s = run.top(unit, rank);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String key = "patch|" + run.id() + "|" + run.stamp() + "|" + unit + "|" + rank;
        return Optional.ofNullable(pngs.get(key, k -> {
            Grey whole = whole(run, s.get().imageId());
            if (whole == null) {
                return null;
            }
            int[] box = scaledBox(whole, s.get());
            Grey crop = Png.crop(whole, box[0], box[1], box[2], box[3]);
            return crop == null ? null : Png.grey(crop);
        }));
    }

    Optional<byte[]> context(ServedRun run, int unit, int rank) {
        Optional<TopSample> s = run.top(unit, rank);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String key = "context|" + run.id() + "|" + run.stamp() + "|" + unit + "|" + rank;
        return Optional.ofNullable(pngs.get(key, k -> {
            Grey whole = whole(run, s.get().imageId());
            if (whole == null) {
                return null;
            }
            Grey small = Png.fit(whole, CONTEXT_SIDE);
            int[] box = scaledBox(small, s.get());
            int w = small.width();
            int h = small.height();
            int[] rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) {
                int v = small.pixels()[i] & 0xff;
                rgb[i] = (v << 16) | (v << 8) | v;
            }
            rect(rgb, w, h, box[0] - 2, box[1] - 2, box[2] + 4, box[3] + 4, RIM, 1);
            rect(rgb, w, h, box[0] - 1, box[1] - 1, box[2] + 2, box[3] + 2, BOX, 2);
            return Png.rgb(w, h, rgb);
        }));
    }

    private static int indexOf(List<TopSample> top, int rank) {
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).rank() == rank) {
                return i;
            }
        }
        return -1;
    }

    /** The sample's box in the raster's pixels (the whole image for whole-image samples). */
    private static int[] scaledBox(Grey g, TopSample s) {
        if (s.width() <= 0 || s.height() <= 0) {
            return new int[] {0, 0, g.width(), g.height()};
        }
        double sx = (double) g.width() / g.sourceWidth();
        double sy = (double) g.height() / g.sourceHeight();
        int x = (int) Math.floor(s.x() * sx);
        int y = (int) Math.floor(s.y() * sy);
        int w = Math.max(1, (int) Math.round(s.width() * sx));
        int h = Math.max(1, (int) Math.round(s.height() * sy));
        return new int[] {x, y, w, h};
    }

    /** A rectangle outline of {@code thickness} pixels, clipped to the raster. */
    private static void rect(int[] rgb, int w, int h, int x, int y, int rw, int rh, int color, int thickness) {
        for (int t = 0; t < thickness; t++) {
            int left = x + t;
            int top = y + t;
            int right = x + rw - 1 - t;
            int bottom = y + rh - 1 - t;
            for (int xx = Math.max(0, left); xx <= Math.min(w - 1, right); xx++) {
                if (top >= 0 && top < h) {
                    rgb[top * w + xx] = color;
                }
                if (bottom >= 0 && bottom < h) {
                    rgb[bottom * w + xx] = color;
                }
            }
            for (int yy = Math.max(0, top); yy <= Math.min(h - 1, bottom); yy++) {
                if (left >= 0 && left < w) {
                    rgb[yy * w + left] = color;
                }
                if (right >= 0 && right < w) {
                    rgb[yy * w + right] = color;
                }
            }
        }
    }

    private Grey montage(ServedRun run, int unit) {
        Optional<Path> file = run.montage(unit);
        if (file.isEmpty()) {
            return null;
        }
        return montages.get("montage|" + run.id() + "|" + run.stamp() + "|" + unit, k -> {
            try {
                return Png.readGrey(Files.readAllBytes(file.get()), file.get().toString());
            } catch (IOException e) {
                throw new DeepMinerException(file.get().toString(), "cannot read the montage: " + e.getMessage(), e);
            }
        });
    }

    private Grey whole(ServedRun run, String imageId) {
        Optional<SampleImages> images = datasets.apply(run);
        if (images.isEmpty()) {
            return null;
        }
        return wholes.get("whole|" + run.id() + "|" + imageId, k -> images.get().image(imageId)
                .map((MammogramImage m) -> Png.fit(m.pixels(), m.width(), m.height(), WHOLE_SIDE)).orElse(null));
    }
}
