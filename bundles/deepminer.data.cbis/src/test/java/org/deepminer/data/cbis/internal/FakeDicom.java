package org.deepminer.data.cbis.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;

/**
 * A test double of the DICOM service. "DICOM" files are small text files the tests write with
 * {@link #write}: a header line {@code FAKEDCM width height modality laterality}, then grey values in
 * [0, 1]. Like the real service it refuses other modalities than asked and, for canonical reads, mirrors
 * RIGHT images (stored with the chest wall on the right).
 */
final class FakeDicom implements DicomService {
    final AtomicInteger reads = new AtomicInteger();

    static Path write(Path file, String modality, Laterality laterality, float[][] pixels) {
        StringBuilder sb = new StringBuilder("FAKEDCM " + pixels[0].length + " " + pixels.length + " " + modality + " "
                + laterality + "\n");
        for (float[] row : pixels) {
            for (float v : row) {
                sb.append(v).append(' ');
            }
            sb.append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, sb.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public DicomImage read(Path file, DicomReadOptions options) {
        reads.incrementAndGet();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new DicomException(file.toString(), "cannot read: " + e);
        }
        String[] head = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
        if (head.length != 5 || !head[0].equals("FAKEDCM")) {
            throw new DicomException(file.toString(), "not a DICOM file");
        }
        int w = Integer.parseInt(head[1]);
        int h = Integer.parseInt(head[2]);
        if (!options.modalities().isEmpty() && !options.modalities().contains(head[3])) {
            throw new DicomException(file.toString(), "Modality (0008,0060) " + head[3] + " is not one of " + options.modalities());
        }
        Laterality lat = Laterality.valueOf(head[4]);
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            String[] cells = lines.get(1 + y).trim().split(" ");
            for (int x = 0; x < w; x++) {
                px[y * w + x] = Float.parseFloat(cells[x]);
            }
        }
        boolean flip = options.canonical() && lat == Laterality.RIGHT;
        if (flip) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w / 2; x++) {
                    float t = px[y * w + x];
                    px[y * w + x] = px[y * w + w - 1 - x];
                    px[y * w + w - 1 - x] = t;
                }
            }
        }
        ImageMetadata meta = new ImageMetadata(head[3], lat, "", 0.05, 12, flip,
                Map.of("SOPInstanceUID", "1.2.826.0.1.3680043.2.1125." + Math.abs(file.toString().hashCode())));
        return new DicomImage(new MammogramImage(w, h, px), meta, Map.of());
    }

    @Override
    public void writeMammogram(Path file, MammogramObject mammogram) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeMask(Path file, MaskObject mask) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeSecondaryCapture(Path file, DicomIdentity identity, int width, int height, int[] rgb,
            String sourceSopInstanceUid, String sourceSopClassUid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeStructuredReport(Path file, DicomIdentity identity, org.deepminer.dicom.ImagingMeasurementReport report) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeSegmentation(Path file, DicomIdentity identity, org.deepminer.dicom.SegmentationObject segmentation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String newUid() {
        throw new UnsupportedOperationException();
    }
}
