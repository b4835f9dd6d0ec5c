package org.deepminer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step: turns the features' resolved bundle folders ({@code features/target/export/<name>/}) into
 * the distribution's {@code bundles/} folder (each jar once) and {@code features/<name>.list} files,
 * whose comment lines are the feature's description from its {@code .bndrun}.
 */
public final class DistributionBuilder {
    private DistributionBuilder() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DistributionBuilder <features-dir> <export-dir> <dist-dir>");
        }
        build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    static void build(Path featureSources, Path exports, Path dist) throws IOException {
        Path bundles = Files.createDirectories(dist.resolve("bundles"));
        Path lists = Files.createDirectories(dist.resolve("features"));
        List<Path> features;
        try (Stream<Path> s = Files.list(exports)) {
            features = s.filter(Files::isDirectory).sorted().toList();
        }
        if (features.isEmpty()) {
            throw new IOException("no exported features under " + exports);
        }
        for (Path feature : features) {
            String name = feature.getFileName().toString();
            List<String> lines = new ArrayList<>(description(featureSources.resolve(name + ".bndrun")));
            try (Stream<Path> jars = Files.list(feature)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    Files.copy(jar, bundles.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    lines.add(jar.getFileName().toString());
                }
            }
            Files.write(lists.resolve(name + ".list"), lines);
        }
    }

    /** The leading comment block of a .bndrun: what the feature is for. */
    private static List<String> description(Path bndrun) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(bndrun)) {
            for (String line : Files.readAllLines(bndrun)) {
                if (!line.startsWith("#")) {
                    break;
                }
                out.add(line);
            }
        }
        return out;
    }
}
