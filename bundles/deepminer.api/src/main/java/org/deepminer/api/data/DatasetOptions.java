package org.deepminer.api.data;

import java.util.Map;

/**
 * How to open a data set.
 *
 * @param strict true: the first bad file or row aborts the read with its error; false: it is skipped and
 *        reported through {@link Dataset#problems()}
 * @param vocabulary id of the concept vocabulary that dataset terms are mapped to (e.g. {@code birads})
 * @param extra reader-specific options, documented by each reader
 */
public record DatasetOptions(boolean strict, String vocabulary, Map<String, String> extra) {
    public DatasetOptions {
        extra = Map.copyOf(extra);
    }

    public static DatasetOptions lenient() {
        return new DatasetOptions(false, "birads", Map.of());
    }

    public static DatasetOptions strictDefaults() {
        return new DatasetOptions(true, "birads", Map.of());
    }
}
