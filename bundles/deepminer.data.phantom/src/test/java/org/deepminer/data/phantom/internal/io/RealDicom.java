package org.deepminer.data.phantom.internal.io;

import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.internal.PixelMedDicomService;

/** The real DICOM service of the dicom bundle, constructed directly as a plain object for the tests. */
public final class RealDicom {
    private RealDicom() {}

    private static PixelMedDicomService service;

    public static synchronized DicomService get() {
        if (service == null) {
            service = new PixelMedDicomService();
            service.start();
        }
        return service;
    }
}
