package org.deepminer.api.data;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one data-set format (DDSM, CBIS-DDSM, VinDr-Mammo, INbreast, the phantom...). Register it with
 * {@link org.deepminer.api.ServiceProperties#DATASET_FORMAT}.
 */
@ConsumerType
public interface DatasetSource {

    /** The format name users type, e.g. {@code cbis-ddsm}. */
    String format();

    /**
     * Opens the data set under a path.
     *
     * @throws org.deepminer.api.DeepMinerException naming the file and problem when the folder is not
     *         of this format, or (in strict mode) when any file or row is bad
     */
    Dataset open(Path path, DatasetOptions options);
}
