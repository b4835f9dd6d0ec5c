package org.deepminer.dicom;

import java.util.Map;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.MammogramImage;

/**
 * An image read from DICOM, ready for the platform: rescaled, windowed (first VOI LUT or window),
 * MONOCHROME1 inverted, padding pixels set to 0, scaled to [0, 1], and in canonical orientation when
 * asked.
 *
 * @param image the pixels
 * @param metadata acquisition facts without patient identifiers
 * @param identifiers PatientName, PatientID, PatientBirthDate: empty unless asked for
 */
public record DicomImage(MammogramImage image, ImageMetadata metadata, Map<String, String> identifiers) {
    public DicomImage {
        identifiers = Map.copyOf(identifiers);
    }
}
