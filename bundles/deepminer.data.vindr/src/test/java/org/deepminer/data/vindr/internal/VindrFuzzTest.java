package org.deepminer.data.vindr.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.SampleRef;
import org.deepminer.data.support.fuzz.Fuzz;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile VinDr-Mammo inputs: mutations of both annotation CSVs, splits.csv and a DICOM image, plus hand-made
 * ones (binary junk, an unterminated quote, 3,000 copies of a finding row, boxes of ten million pixels, ids
 * that climb out of images/, a header of 5,000 columns). Opening and loading every sample, strict and lenient
 * in turn, must read or fail with a DeepMinerException naming the file (or the data set's folder), within 2 s,
 * without allocating more than the cap.
 */
class VindrFuzzTest {
    @TempDir
    Path root;

    @Test
    void hostileAnnotationsAndImages() throws Exception {
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
        Path image = VindrFiles.dicom(dicom, root, "s1", "i1", Laterality.RIGHT, "CC", 10, 8, 20, 16);
        VindrFiles.dicom(dicom, root, "s2", "i2", Laterality.LEFT, "MLO", 0, 0, 5, 6);
        Path breast = VindrFiles.text(root.resolve("breast-level_annotations.csv"), VindrFiles.BREAST_HEADER
                + "s1,x1,i1, R ,CC,40,48, BI-RADS 4 ,DENSITY C,training\n"
                + "s2,x2,i2,L,MLO,40,48,BI-RADS 3,DENSITY B,test\n");
        String findingRow = "s1,x1,i1,R,CC,40,48,BI-RADS 4,DENSITY C,\"['Mass', 'Suspicious Calcification']\","
                + "BI-RADS 4,10.5,8.2,20.7,16.1,training\n";
        Path findings = VindrFiles.text(root.resolve("finding_annotations.csv"), VindrFiles.FINDING_HEADER + findingRow
                + "s2,x2,i2,L,MLO,40,48,BI-RADS 3,DENSITY B,[Asymmetry, Skin Thickening],BI-RADS 3,-5.0,-3.5,6.0,7.0,test\n");
        Path splits = VindrFiles.text(root.resolve("splits.csv"), "case_id,split\ns1,train\ns2,test\n");

        VindrSource source = new VindrSource();
        source.dicom = dicom;
        source.addVocabulary(new BiradsVocabulary());
        Fuzz.Seed findingSeed = Fuzz.Seed.of(findings);
        Fuzz.Seed breastSeed = Fuzz.Seed.of(breast);
        byte[] junk = new byte[5000];
        new java.util.Random(11).nextBytes(junk);
        Fuzz fuzz = new Fuzz("vindr-mammo", 20240616L).alsoNamed(root.toString())
                .hostile(findingSeed, "binary junk", junk)
                .hostile(findingSeed, "an unterminated quote", utf8(VindrFiles.FINDING_HEADER
                        + "s1,x1,i1,R,CC,40,48,BI-RADS 4,DENSITY C,\"['Mass',BI-RADS 4,1,2,3,4,training\n"))
                .hostile(findingSeed, "a finding row 3,000 times", utf8(VindrFiles.FINDING_HEADER + findingRow.repeat(3000)))
                .hostile(findingSeed, "a box of ten million pixels a side", utf8(VindrFiles.FINDING_HEADER
                        + findingRow.replace("10.5,8.2,20.7,16.1", "-9999999,-9999999,9999999,9999999")))
                .hostile(findingSeed, "a box at 1e308", utf8(VindrFiles.FINDING_HEADER
                        + findingRow.replace("10.5,8.2,20.7,16.1", "1e308,1e308,1e308,1e308")))
                .hostile(breastSeed, "ids that climb out of images/", utf8(VindrFiles.BREAST_HEADER
                        + "..,x1,../../etc/passwd,R,CC,40,48,BI-RADS 4,DENSITY C,training\n"))
                .hostile(breastSeed, "a header of 5,000 columns", utf8(VindrFiles.BREAST_HEADER.strip()
                        + ",extra".repeat(5000) + "\n"))
                .hostile(breastSeed, "the header only", utf8(VindrFiles.BREAST_HEADER));
        Fuzz.Summary s = fuzz.run(List.of(findingSeed, breastSeed, Fuzz.Seed.of(splits), Fuzz.Seed.of(image)),
                Fuzz.inputs(360), (file, strict) -> readAll(source, strict));
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both reads and fails: " + s.line());
    }

    private void readAll(VindrSource source, boolean strict) {
        try (Dataset d = source.open(root, new DatasetOptions(strict, "birads", Map.of()))) {
            for (SampleRef ref : d.samples()) {
                d.load(ref);
            }
            d.problems();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(Path p) throws Exception {
        return Files.readAllBytes(p);
    }
}
