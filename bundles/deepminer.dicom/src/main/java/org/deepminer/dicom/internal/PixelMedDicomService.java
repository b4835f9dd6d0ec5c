package org.deepminer.dicom.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.deepminer.api.ServiceProperties;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;
import org.deepminer.dicom.SegmentationObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The DICOM service, through PixelMed (embedded in this bundle and seen by no other). Stateless, thread-safe. */
@Component(service = DicomService.class, property = {
    ServiceProperties.NAME + "=pixelmed",
    ServiceProperties.DESCRIPTION + "=DICOM reading and writing through PixelMed " + PixelMedDicomService.PIXELMED_VERSION})
public final class PixelMedDicomService implements DicomService {
    static final String PIXELMED_VERSION = "20220618";

    private static final ClassLoader PIXELMED_LOADER = PixelMedDicomService.class.getClassLoader();

    private final MammogramReader reader = new MammogramReader();
    private final ObjectWriter writer = new ObjectWriter();
    private final ReportWriter reports = new ReportWriter(writer);
    private final SegmentationWriter segmentations = new SegmentationWriter(writer);
    private final ImageIoCodecs codecs = new ImageIoCodecs();

    /** Registers PixelMed's JPEG lossless decoder with ImageIO, which cannot find it inside OSGi by itself. */
    @Activate
    public void start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PIXELMED_LOADER);
        try {
            codecs.register();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Removes the decoder again, so that ImageIO keeps no class of this bundle once it stops. */
    @Deactivate
    public void stop() {
        codecs.unregister();
    }

    @Override
    public DicomImage read(Path file, DicomReadOptions options) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PIXELMED_LOADER);
        try {
            return reader.read(file, options);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void writeMammogram(Path file, MammogramObject mammogram) throws IOException {
        withPixelMed(() -> writer.writeMammogram(file, mammogram));
    }

    @Override
    public void writeMask(Path file, MaskObject mask) throws IOException {
        withPixelMed(() -> writer.writeMask(file, mask));
    }

    @Override
    public void writeSecondaryCapture(Path file, DicomIdentity identity, int width, int height, int[] rgb,
            String sourceSopInstanceUid, String sourceSopClassUid) throws IOException {
        withPixelMed(() -> writer.writeSecondaryCapture(file, identity, width, height, rgb, sourceSopInstanceUid,
                sourceSopClassUid));
    }

    @Override
    public void writeStructuredReport(Path file, DicomIdentity identity, ImagingMeasurementReport report)
            throws IOException {
        withPixelMed(() -> reports.write(file, identity, report));
    }

    @Override
    public void writeSegmentation(Path file, DicomIdentity identity, SegmentationObject segmentation)
            throws IOException {
        withPixelMed(() -> segmentations.write(file, identity, segmentation));
    }

    private interface Work {
        void run() throws IOException;
    }

    /**
     * Runs PixelMed with this bundle's class loader as the thread's context loader: PixelMed's logging
     * shim looks for SLF4J through it when first used, and fails for good (ExceptionInInitializerError)
     * on a thread without one, as Felix threads may be.
     */
    private static void withPixelMed(Work work) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PIXELMED_LOADER);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String newUid() {
        return writer.newUid();
    }
}
