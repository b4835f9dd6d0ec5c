package org.deepminer.backend.onnx.internal.commands;

import java.nio.file.Path;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;

/**
 * The only class that touches the DICOM service's types. The commands load it only when a DicomService is
 * registered, so that they work without the dicom bundle (its package is imported optionally, and no
 * service requirement ties this bundle to it).
 */
final class DicomReading {
    private DicomReading() {}

    /** Reads an MG/DX/CR image in canonical orientation, without patient identifiers. */
    static InputImage read(Object dicomService, Path file) {
        MammogramImage image = ((DicomService) dicomService).read(file, DicomReadOptions.mammogram()).image();
        return InputImage.grey(image.pixels(), image.width(), image.height());
    }
}
