package org.deepminer.data.cbis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DICOM files, written and read by the platform's DICOM service, through the CBIS-DDSM reader. */
class CbisDicomRoundTripTest {
    static final String MG = "1.2.840.10008.5.1.4.1.1.1.2";
    static final int W = 64;
    static final int H = 48;

    @TempDir
    Path root;

    PixelMedDicomService dicom;
    CbisSource source;

    @BeforeEach
    void start() {
        dicom = new PixelMedDicomService();
        dicom.start();
        source = new CbisSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());
    }

    @AfterEach
    void stop() {
        dicom.stop();
    }

    /** Writes a 12-bit mammogram with a bright block and its ROI mask; returns the image's SOPInstanceUID. */
    private String writeCase(String patient, Laterality side, String view, Path image, Path mask, int x0, int y0, int x1,
            int y1, int maskWidth, int maskHeight) throws IOException {
        String study = dicom.newUid();
        DicomIdentity id = new DicomIdentity(patient, "SYNTHETIC^" + patient, study, dicom.newUid(), dicom.newUid(),
                "20240102", "");
        short[] px = new short[W * H];
        BitSet roi = new BitSet();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = x >= x0 && x <= x1 && y >= y0 && y <= y1;
                px[y * W + x] = (short) (inside ? 3800 : 300);
            }
        }
        // the mask may be coarser than the image: pixel (mx, my) stands for image pixels scaled to it
        for (int my = 0; my < maskHeight; my++) {
            for (int mx = 0; mx < maskWidth; mx++) {
                int x = mx * W / maskWidth;
                int y = my * H / maskHeight;
                if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
                    roi.set(my * maskWidth + mx);
                }
            }
        }
        java.nio.file.Files.createDirectories(image.getParent());
        java.nio.file.Files.createDirectories(mask.getParent());
        dicom.writeMammogram(image, new MammogramObject(id, W, H, 12, px, side, view, 0.1, 2048, 4096));
        DicomIdentity maskId = new DicomIdentity(patient, "SYNTHETIC^" + patient, study, dicom.newUid(), dicom.newUid(),
                "20240102", "");
        dicom.writeMask(mask, new MaskObject(maskId, maskWidth, maskHeight, roi, id.sopInstanceUid(), MG));
        return id.sopInstanceUid();
    }

    @Test
    void readsRealDicomImagesAndMasksInCanonicalOrientation() throws IOException {
        // the right breast's image is stored as 1-1.dcm where the CSV says 000000.dcm
        String rightUid = writeCase("P_00010", Laterality.RIGHT, "CC", root.resolve("Mass-Training_P_00010_RIGHT_CC/s/t/1-1.dcm"),
                root.resolve("Mass-Training_P_00010_RIGHT_CC_1/s/u/000001.dcm"), 8, 10, 15, 17, W, H);
        // the left breast's mask is half the image's size
        writeCase("P_00010", Laterality.LEFT, "MLO", root.resolve("Mass-Training_P_00010_LEFT_MLO/s/t/000000.dcm"),
                root.resolve("Mass-Training_P_00010_LEFT_MLO_1/s/u/000001.dcm"), 40, 20, 47, 29, W / 2, H / 2);
        CbisDatasetTest.text(root.resolve("mass_case_description_train_set.csv"), CbisDatasetTest.MASS_HEADER
                + "P_00010,2,RIGHT,CC,1,mass,IRREGULAR,ILL_DEFINED-SPICULATED,5,MALIGNANT,5,"
                + "\"Mass-Training_P_00010_RIGHT_CC/s/t/000000.dcm\n\",c.dcm,\"Mass-Training_P_00010_RIGHT_CC_1/s/u/000001.dcm\n\"\n"
                + "P_00010,2,LEFT,MLO,1,mass,LOBULATED,CIRCUMSCRIBED,3,BENIGN,2,"
                + "Mass-Training_P_00010_LEFT_MLO\\s\\t\\000000.dcm,c.dcm,Mass-Training_P_00010_LEFT_MLO_1\\s\\u\\000001.dcm\n");

        Dataset d = source.open(root, DatasetOptions.strictDefaults());
        Map<String, SampleRef> refs = CbisDatasetTest.byId(d);

        Sample right = d.load(refs.get("P_00010_RIGHT_CC"));
        assertEquals("MG", right.metadata().modality());
        assertEquals(Laterality.RIGHT, right.metadata().laterality());
        assertTrue(right.metadata().flipped());
        assertEquals(rightUid, right.metadata().references().get("SOPInstanceUID"));
        assertFalse(right.metadata().toString().contains("SYNTHETIC"), right.metadata().toString());
        Lesion mass = right.truth().lesions().get(0);
        assertEquals(Set.of("finding-mass", "shape-irregular", "margin-indistinct", "margin-spiculated"), mass.concepts());
        // stored at columns 8..15, so 48..55 once mirrored
        assertEquals(8 * 8, mass.mask().area());
        assertTrue(mass.mask().contains(W - 1 - 8, 10) && mass.mask().contains(W - 1 - 15, 17));
        assertMaskOnBrightPixels(right, mass);
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("000000.dcm") && p.contains("1-1.dcm")), d.problems().toString());

        Sample left = d.load(refs.get("P_00010_LEFT_MLO"));
        assertFalse(left.metadata().flipped());
        Lesion oval = left.truth().lesions().get(0);
        assertEquals(Set.of("finding-mass", "shape-oval", "margin-circumscribed"), oval.concepts());
        assertMaskOnBrightPixels(left, oval);
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("32x24") && p.contains("resampled")), d.problems().toString());
    }

    private static void assertMaskOnBrightPixels(Sample s, Lesion l) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(s.image().get(x, y) > 0.5f, l.mask().contains(x, y), l.id() + " at " + x + "," + y);
            }
        }
    }
}
