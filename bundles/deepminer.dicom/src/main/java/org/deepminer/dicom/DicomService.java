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

    /**
     * Writes a rendered colour picture (e.g. an overlay of a heatmap on the source mammogram) as an RGB
     * Secondary Capture image that refers to its source image.
     *
     * @param identity patient and study of the source image; new series and instance
     * @param width columns
     * @param height rows
     * @param rgb {@code height * width} pixels, row-major, {@code 0xRRGGBB} (the top byte is ignored)
     * @param sourceSopInstanceUid the image the picture was rendered from (SourceImageSequence)
     * @param sourceSopClassUid its SOP class
     */
    void writeSecondaryCapture(Path file, DicomIdentity identity, int width, int height, int[] rgb,
            String sourceSopInstanceUid, String sourceSopClassUid) throws IOException;

    /**
     * Writes a Comprehensive SR following TID 1500 (Imaging Measurement Report) about one image.
     *
     * @param identity patient and study: the study must be the source's (empty: the source's); series and
     *        instance must be new (empty: made). Patient name and id are written only when given here
     * @throws DicomException naming the file and the problem: a missing or malformed UID, a region outside
     *         the image, an empty code, a study other than the source's
     */
    void writeStructuredReport(Path file, DicomIdentity identity, ImagingMeasurementReport report) throws IOException;

    /**
     * Writes a Segmentation (BINARY or FRACTIONAL) of one image, one frame per segment, without a frame of
     * reference: the frames line up pixel for pixel with the source image they are derived from.
     *
     * @param identity patient and study of the source image (study empty: the source's); new series and
     *        instance (empty: made)
     * @throws DicomException naming the file and the problem: no segments, a frame of the wrong size, a
     *         value outside [0, 1], a missing UID or code
     */
    void writeSegmentation(Path file, DicomIdentity identity, SegmentationObject segmentation) throws IOException;

    /** A new UID under the platform's root. */
    String newUid();
}
