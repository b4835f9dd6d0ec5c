package org.deepminer.data.cbis.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.SampleRef;
import org.deepminer.data.support.fuzz.Fuzz;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile CBIS-DDSM inputs: mutations of the four description CSVs (quoted paths with stray newlines,
 * joined tokens), splits.csv, and the DICOM image and ROI mask files, plus hand-made ones (a CSV of binary
 * junk, an unterminated quote, a header only, 2,000 copies of one row, NULs inside paths, a path leading out of
 * the data set).
 * Opening and loading every sample, strict and lenient in turn, must read or fail with a DeepMinerException
 * naming the file (or the data set's folder), within 2 s, without allocating more than the cap.
 */
class CbisFuzzTest {
    static final String MG = "1.2.840.10008.5.1.4.1.1.1.2";
    static final int W = 48;
    static final int H = 40;

    @TempDir
    Path root;

    private final PixelMedDicomService dicom = new PixelMedDicomService();

    private void writeCase(String patient, Laterality side, String view, Path image, Path mask, int maskWidth,
            int maskHeight) throws Exception {
        DicomIdentity id = new DicomIdentity(patient, "SYNTHETIC^" + patient, dicom.newUid(), dicom.newUid(),
                dicom.newUid(), "20240102", "");
        short[] px = new short[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i % W >= 10 && i % W <= 20 && i / W >= 8 && i / W <= 16 ? 3800 : 300);
        }
        BitSet roi = new BitSet();
        for (int y = 0; y < maskHeight; y++) {
            for (int x = 0; x < maskWidth; x++) {
                int ix = x * W / maskWidth;
                int iy = y * H / maskHeight;
                if (ix >= 10 && ix <= 20 && iy >= 8 && iy <= 16) {
                    roi.set(y * maskWidth + x);
                }
            }
        }
        Files.createDirectories(image.getParent());
        Files.createDirectories(mask.getParent());
        dicom.writeMammogram(image, new MammogramObject(id, W, H, 12, px, side, view, 0.1, 2048, 4096));
        DicomIdentity maskId = new DicomIdentity(patient, "SYNTHETIC^" + patient, id.studyInstanceUid(),
                dicom.newUid(), dicom.newUid(), "20240102", "");
        dicom.writeMask(mask, new MaskObject(maskId, maskWidth, maskHeight, roi, id.sopInstanceUid(), MG));
    }

    @Test
    void hostileDescriptionFilesAndDicoms() throws Exception {
        dicom.start();
        Logger pixelmed = Logger.getLogger("com.pixelmed");
        Level level = pixelmed.getLevel();
        pixelmed.setLevel(Level.OFF); // PixelMed logs every broken file it meets
        try {
            run();
        } finally {
            pixelmed.setLevel(level);
            dicom.stop();
        }
    }

    private void run() throws Exception {
        Path image = root.resolve("Mass-Training_P_00001_RIGHT_CC/s/t/000000.dcm");
        Path mask = root.resolve("Mass-Training_P_00001_RIGHT_CC_1/s/u/000001.dcm");
        writeCase("P_00001", Laterality.RIGHT, "CC", image, mask, W / 2, H / 2);
        Path calcImage = root.resolve("Calc-Test_P_00002_LEFT_MLO/s/t/000000.dcm");
        Path calcMask = root.resolve("Calc-Test_P_00002_LEFT_MLO_1/s/u/000001.dcm");
        writeCase("P_00002", Laterality.LEFT, "MLO", calcImage, calcMask, W, H);
        Path massTrain = CbisDatasetTest.text(root.resolve("mass_case_description_train_set.csv"),
                CbisDatasetTest.MASS_HEADER
                + "P_00001,2,RIGHT,CC,1,mass,IRREGULAR-LOBULATED,ILL_DEFINED-SPICULATED,5,MALIGNANT,5,"
                + "\"Mass-Training_P_00001_RIGHT_CC/s/t/000000.dcm\n\",c.dcm,"
                + "\"Mass-Training_P_00001_RIGHT_CC_1/s/u/000001.dcm\n\"\n");
        Path calcTest = CbisDatasetTest.text(root.resolve("calc_case_description_test_set.csv"),
                CbisDatasetTest.CALC_HEADER
                + "P_00002,3,LEFT,MLO,1,calcification,PLEOMORPHIC-PLEOMORPHIC,CLUSTERED,4,BENIGN_WITHOUT_CALLBACK,3,"
                + "Calc-Test_P_00002_LEFT_MLO\\s\\t\\000000.dcm,N/A,Calc-Test_P_00002_LEFT_MLO_1/s/u/000001.dcm\n");
        Path splits = CbisDatasetTest.text(root.resolve("splits.csv"), "case_id,split\nP_00001,train\nP_00002,test\n");

        CbisSource source = new CbisSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());
        Fuzz.Seed mass = Fuzz.Seed.of(massTrain);
        String row = Files.readString(massTrain).substring(CbisDatasetTest.MASS_HEADER.length());
        byte[] junk = new byte[4000];
        new java.util.Random(5).nextBytes(junk);
        Fuzz fuzz = new Fuzz("cbis-ddsm", 20240614L).alsoNamed(root.toString())
                .hostile(mass, "binary junk", junk)
                .hostile(mass, "an unterminated quote", utf8(CbisDatasetTest.MASS_HEADER + "P_00001,2,RIGHT,\"CC\n"))
                .hostile(mass, "the header only", utf8(CbisDatasetTest.MASS_HEADER))
                .hostile(mass, "one row 2,000 times", utf8(CbisDatasetTest.MASS_HEADER + row.repeat(2000)))
                .hostile(mass, "a NUL inside the paths", utf8(CbisDatasetTest.MASS_HEADER + row.replace('_', '\0')))
                .hostile(mass, "a path leading out of the data set", utf8(CbisDatasetTest.MASS_HEADER
                        + "P_00001,2,RIGHT,CC,1,mass,ROUND,OBSCURED,3,BENIGN,3,../../../etc/passwd,c.dcm,../x.dcm\n"));
        Fuzz.Summary s = fuzz.run(List.of(mass, Fuzz.Seed.of(calcTest), Fuzz.Seed.of(splits), Fuzz.Seed.of(image),
                Fuzz.Seed.of(mask), Fuzz.Seed.of(calcMask)), Fuzz.inputs(360), (file, strict) -> readAll(source, strict));
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both reads and fails: " + s.line());
    }

    private void readAll(CbisSource source, boolean strict) {
        try (Dataset d = source.open(root, strict ? DatasetOptions.strictDefaults() : DatasetOptions.lenient())) {
            for (SampleRef ref : d.samples()) {
                d.truth(ref);
                d.load(ref);
            }
            d.problems();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
