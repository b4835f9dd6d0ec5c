package org.deepminer.data.inbreast.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.SampleRef;
import org.deepminer.data.inbreast.internal.InbreastFiles.Roi;
import org.deepminer.data.support.fuzz.Fuzz;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile INbreast inputs: mutations of INbreast.csv, two ROI files, splits.csv and a DICOM image, plus hand-made
 * ones (an entity bomb, an external entity naming /etc/passwd, arrays nested 10,000 deep, an outline of 20,000
 * points zig-zagging over the whole image, binary junk, an unterminated quote, 5,000 copies of a row). Opening and
 * loading every sample, strict and lenient in turn, must read or fail with a DeepMinerException naming the file
 * (or the data set's folder), within 2 s, without allocating more than the cap.
 */
class InbreastFuzzTest {
    @TempDir
    Path root;

    @Test
    void hostileCsvRoiFilesAndImages() throws Exception {
        PixelMedDicomService dicom = new PixelMedDicomService();
        dicom.start();
        Logger pixelmed = Logger.getLogger("com.pixelmed");
        Level level = pixelmed.getLevel();
        pixelmed.setLevel(Level.OFF); // PixelMed logs every broken file it meets
        try {
            run(dicom);
        } finally {
            pixelmed.setLevel(level);
            dicom.stop();
        }
    }

    private void run(PixelMedDicomService dicom) throws Exception {
        Path image = InbreastFiles.dicom(dicom, root, "22678622", "6c613a14b80a8591", Laterality.RIGHT, "CC", 10, 8, 20, 16);
        InbreastFiles.dicom(dicom, root, "20586908", "0a0ebb5f1a3e1c4b", Laterality.LEFT, "MLO", 0, 0, 4, 5);
        String row = "removed;removed;R;CC;201001;22678622;4;4c;\n";
        Path csv = InbreastFiles.text(root.resolve("INbreast.csv"), InbreastFiles.HEADER + row
                + "removed;removed; L ; MLO ;200910; 20586908 ; 2 ; 2 \n");
        Path massXml = InbreastFiles.xml(root, "22678622", new Roi("Mass", 10, 8, 20, 8, 20, 16, 10, 16),
                new Roi("Calcification", 30.4, 20.6), new Roi("Espiculated Region", 2, 30, 8, 30, 5, 36));
        Path otherXml = InbreastFiles.xml(root, "20586908", new Roi("Assymetry", -6, -4, 4, -4, 4, 5, -6, 5),
                new Roi("Cluster", 5, 5, 15, 5, 15, 12, 5, 12));
        Path splits = InbreastFiles.text(root.resolve("splits.csv"), "case_id,split\n6c613a14b80a8591,train\n0a0ebb5f1a3e1c4b,test\n");

        InbreastSource source = new InbreastSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());
        Fuzz.Seed csvSeed = Fuzz.Seed.of(csv);
        Fuzz.Seed xmlSeed = Fuzz.Seed.of(massXml);
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE plist [\n<!ENTITY a0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n<plist><dict><key>Images</key><string>&a9;</string></dict></plist>\n");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<plist><dict><key>Images</key><array><dict><key>ROIs</key><array><dict><key>Name</key>"
                + "<string>&x;</string><key>Point_px</key><array><string>(1, 2)</string></array></dict></array>"
                + "</dict></array></dict></plist>\n";
        StringBuilder zigzag = new StringBuilder();
        double[] points = new double[40_000];
        for (int i = 0; i < 20_000; i++) {
            points[2 * i] = i % 48;
            points[2 * i + 1] = i % 2 == 0 ? -5 : 45;
        }
        Path zigzagFile = InbreastFiles.xml(root.resolve("tmp"), "zigzag", new Roi("Mass", points));
        byte[] junk = new byte[5000];
        new java.util.Random(13).nextBytes(junk);
        Fuzz fuzz = new Fuzz("inbreast", 20240617L).alsoNamed(root.toString())
                .hostile(xmlSeed, "an entity bomb", utf8(bomb.toString()))
                .hostile(xmlSeed, "an external entity naming /etc/passwd", utf8(xxe))
                .hostile(xmlSeed, "arrays nested 10,000 deep", utf8("<plist>" + "<array>".repeat(10_000)
                        + "</array>".repeat(10_000) + "</plist>"))
                .hostile(xmlSeed, "an outline of 20,000 points zig-zagging over the image",
                        java.nio.file.Files.readAllBytes(zigzagFile))
                .hostile(csvSeed, "binary junk", junk)
                .hostile(csvSeed, "an unterminated quote", utf8(InbreastFiles.HEADER + "removed;\"removed;R;CC\n"))
                .hostile(csvSeed, "a row 5,000 times", utf8(InbreastFiles.HEADER + row.repeat(5000)))
                .hostile(csvSeed, "the header only", utf8(InbreastFiles.HEADER));
        Fuzz.Summary s = fuzz.run(List.of(csvSeed, xmlSeed, Fuzz.Seed.of(otherXml), Fuzz.Seed.of(splits),
                Fuzz.Seed.of(image)), Fuzz.inputs(360), (file, strict) -> readAll(source, strict));
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both reads and fails: " + s.line());
    }

    private void readAll(InbreastSource source, boolean strict) {
        try (Dataset d = source.open(root, strict ? DatasetOptions.strictDefaults() : DatasetOptions.lenient())) {
            for (SampleRef ref : d.samples()) {
                d.load(ref);
            }
            d.problems();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
