package org.deepminer.dicom;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Reads and writes DICOM for the rest of the platform. Thread-safe. */
@ProviderType
public interface DicomService {

    /**
     * Reads a single-frame greyscale image.
     *
     * @throws DicomException naming the file and the problem: not DICOM, truncated, wrong modality,
     *         no pixel data, absurd dimensions, a transfer syntax the toolkit cannot decode
     */
    DicomImage read(Path file, DicomReadOptions options);

    /** Writes a mammogram. */
    void writeMammogram(Path file, MammogramObject mammogram) throws IOException;

    /** Writes a binary mask image. */
    void writeMask(Path file, MaskObject mask) throws IOException;

    /** A new UID under the platform's root. */
    String newUid();
}
