package org.deepminer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The features of a distribution: {@code features/<name>.list} files written at build time from the
 * resolved run configurations, one bundle file name per line, {@code #} lines describing the feature.
 */
final class FeatureCatalog {
    private final Path bundles;
    private final Map<String, Feature> features;

    record Feature(String name, String description, List<String> bundleFiles) {}

    private FeatureCatalog(Path bundles, Map<String, Feature> features) {
        this.bundles = bundles;
        this.features = features;
    }

    static FeatureCatalog read(Path home) throws IOException {
        Path dir = home.resolve("features");
        if (!Files.isDirectory(dir)) {
            throw new IOException("no features/ folder in " + home + ": is this a DeepMiner distribution?");
        }
        Map<String, Feature> features = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".list")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.list$", "");
                StringBuilder description = new StringBuilder();
                List<String> jars = new ArrayList<>();
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("#")) {
                        description.append(description.length() > 0 ? " " : "").append(l.substring(1).strip());
                    } else if (!l.isEmpty()) {
                        jars.add(l);
                    }
                }
                features.put(name, new Feature(name, description.toString(), jars));
            }
        }
        return new FeatureCatalog(home.resolve("bundles"), features);
    }

    Map<String, Feature> features() {
        return features;
    }

    /** The bundle files of the features, each once, in feature order. */
    List<Path> bundles(List<String> names) {
        Set<String> files = new LinkedHashSet<>();
        for (String n : names) {
            Feature f = features.get(n);
            if (f == null) {
                throw new LaunchOptions.UsageException("unknown feature '" + n + "'; the features are "
                        + String.join(", ", features.keySet()));
            }
            files.addAll(f.bundleFiles());
        }
        return files.stream().map(bundles::resolve).toList();
    }
}
