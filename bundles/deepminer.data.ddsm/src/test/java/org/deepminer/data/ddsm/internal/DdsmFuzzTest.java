package org.deepminer.data.ddsm.internal;

import static org.deepminer.data.ddsm.internal.DdsmFiles.abnormality;
import static org.deepminer.data.ddsm.internal.DdsmFiles.block;
import static org.deepminer.data.ddsm.internal.DdsmFiles.filled;
import static org.deepminer.data.ddsm.internal.DdsmFiles.ics;
import static org.deepminer.data.ddsm.internal.DdsmFiles.rectangle;
import static org.deepminer.data.ddsm.internal.DdsmFiles.view;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.SampleRef;
import org.deepminer.data.support.fuzz.Fuzz;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile DDSM files: mutations of a case file, overlays with mass and calcification outlines, a 16-bit PNG, a
 * 16-bit PGM and splits.csv, plus hand-made ones (a PGM whose header asks for 10,000 x 10,000 pixels, a PNG whose
 * header asks for 9,000 x 9,000 or 60,000 x 60,000, a chain code of a million steps, a
 * LESION_TYPE line 220 KB long, view geometry far from the image's). Opening
 * and loading every sample must read or fail with a DeepMinerException naming the file (or the data set's folder,
 * for what concerns it as a whole), within 2 s, without allocating more than the cap.
 */
class DdsmFuzzTest {
    static final int W = 40;
    static final int H = 30;

    @TempDir
    Path root;

    @Test
    void hostileCaseFilesOverlaysAndImages() throws Exception {
        Path dir = root.resolve("cancers/case0001");
        Path icsFile = DdsmFiles.text(dir.resolve("A-0001-1.ics"), ics("A-0001-1", 3, "LUMISYS LASER",
                view("LEFT_CC", W, H, 12, true), view("RIGHT_CC", W, H, 12, true)));
        int[][] lesion = block(filled(W, H, 1000), 5, 10, 9, 14, 4000);
        Path png = DdsmFiles.image(dir.resolve("A_0001_1.LEFT_CC.png"), lesion);
        Path leftOverlay = DdsmFiles.text(dir.resolve("A_0001_1.LEFT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 1\n"
                + abnormality(1, "MASS SHAPE IRREGULAR MARGINS SPICULATED", 5, "MALIGNANT", rectangle(5, 10, 9, 14)));
        Path pgm = DdsmFiles.pgm(dir.resolve("A_0001_1.RIGHT_CC.pgm"), lesion, 4095);
        Path rightOverlay = DdsmFiles.text(dir.resolve("A_0001_1.RIGHT_CC.OVERLAY"), "TOTAL_ABNORMALITIES 2\n"
                + abnormality(1, "CALCIFICATION TYPE PLEOMORPHIC-PLEOMORPHIC DISTRIBUTION CLUSTERED", 3, "BENIGN",
                        rectangle(5, 10, 9, 14))
                + abnormality(2, "MASS SHAPE ARCHITECTURAL_DISTORTION MARGINS ILL_DEFINED", 4, "UNPROVEN",
                        "36 3 0 0 0 2 2 2 4 4 4 4 6 6 6 0 #"));
        Path splits = DdsmFiles.text(root.resolve("splits.csv"), "case_id,split\nA-0001-1,train\n");

        DdsmSource source = new DdsmSource();
        source.addVocabulary(new BiradsVocabulary());
        Fuzz.Seed pgmSeed = Fuzz.Seed.of(pgm);
        Fuzz.Seed pngSeed = Fuzz.Seed.of(png);
        Fuzz.Seed icsSeed = Fuzz.Seed.of(icsFile);
        Fuzz.Seed overlaySeed = Fuzz.Seed.of(leftOverlay);
        StringBuilder longChain = new StringBuilder("TOTAL_ABNORMALITIES 1\nABNORMALITY 1\nLESION_TYPE MASS SHAPE ROUND"
                + " MARGINS OBSCURED\nASSESSMENT 3\nSUBTLETY 2\nPATHOLOGY BENIGN\nTOTAL_OUTLINES 1\nBOUNDARY\n5 5 ");
        for (int i = 0; i < 250_000; i++) {
            longChain.append("2222");
        }
        longChain.append(" #\n");
        // one LESION_TYPE line naming its shape 20,000 times: the value was built by quadratic concatenation
        String repeated = "TOTAL_ABNORMALITIES 1\nABNORMALITY 1\nLESION_TYPE MASS" + " SHAPE ROUND".repeat(20_000)
                + "\nASSESSMENT 3\nPATHOLOGY BENIGN\nTOTAL_OUTLINES 1\nBOUNDARY\n5 10 2 2 4 4 6 6 0 0 #\n";
        Fuzz fuzz = new Fuzz("ddsm", 20240613L).alsoNamed(root.toString())
                .hostile(overlaySeed, "a LESION_TYPE line naming its shape 20,000 times", ascii(repeated))
                .hostile(pgmSeed, "PGM header of 10000 x 10000 pixels", ascii("P5\n10000 10000\n65535\n\0\0\0\0"))
                .hostile(pgmSeed, "ASCII PGM of 9000 x 9000 pixels", ascii("P2\n9000 9000\n255\n1 2 3\n"))
                .hostile(pngSeed, "PNG header of 60000 x 60000 pixels", pngHeaderOnly(60_000, 60_000))
                .hostile(pngSeed, "PNG header of 9000 x 9000 pixels", pngHeaderOnly(9_000, 9_000))
                .hostile(overlaySeed, "a chain code of a million steps to the right", ascii(longChain.toString()))
                .hostile(icsSeed, "view geometry of 1 x 1 pixels for a 40 x 30 image", ascii(ics("A-0001-1", 3,
                        "LUMISYS", "LEFT_CC LINES 1 PIXELS_PER_LINE 1 BITS_PER_PIXEL 12 RESOLUTION 50 OVERLAY",
                        view("RIGHT_CC", W, H, 12, true))))
                .hostile(icsSeed, "BITS_PER_PIXEL 31", ascii(ics("A-0001-1", 3, "LUMISYS",
                        "LEFT_CC LINES 30 PIXELS_PER_LINE 40 BITS_PER_PIXEL 31 RESOLUTION 50 OVERLAY")));
        Fuzz.Summary s = fuzz.run(List.of(icsSeed, overlaySeed, Fuzz.Seed.of(rightOverlay), pngSeed, pgmSeed,
                Fuzz.Seed.of(splits)), Fuzz.inputs(360), (file, strict) -> readAll(source, root, strict));
        report(s);
    }

    static void readAll(DdsmSource source, Path root, boolean strict) {
        try (Dataset d = source.open(root, strict ? DatasetOptions.strictDefaults()
                : DatasetOptions.lenient())) {
            for (SampleRef ref : d.samples()) {
                d.truth(ref);
                d.load(ref);
            }
            d.problems();
        }
    }

    /** A PNG with a valid IHDR chunk for a 16-bit grey image of the given size and no pixel data. */
    static byte[] pngHeaderOnly(int width, int height) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 16).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        byte[] iend = "IEND".getBytes(StandardCharsets.US_ASCII);
        png.putInt(0).put(iend).putInt(crc(iend));
        return png.array();
    }

    private static int crc(byte[] b) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b);
        return (int) c.getValue();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void report(Fuzz.Summary s) {
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both reads and fails: " + s.line());
    }
}
