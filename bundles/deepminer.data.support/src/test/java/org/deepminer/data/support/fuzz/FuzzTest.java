package org.deepminer.data.support.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner classifies what readers do with hostile input. */
class FuzzTest {
    @TempDir
    Path dir;

    /** A toy reader of "width height" files, with the faults the fuzz tests look for. */
    private static void toyRead(Path file, String fault) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).trim();
        String[] f = text.split(" ");
        if (f.length != 2 || !f[0].matches("\\d{1,4}") || !f[1].matches("\\d{1,4}")) {
            switch (fault) {
                case "npe" -> throw new NullPointerException();
                case "unnamed" -> throw new DeepMinerException(null, "bad header");
                case "hang" -> Thread.sleep(60_000);
                case "allocate" -> {
                    long[] big = new long[4 << 20]; // 32 MB
                    big[big.length - 1] = 1;
                }
                default -> throw new DeepMinerException(file.toString(), "want 'width height', got '" + text + "'");
            }
        }
    }

    private Fuzz.Summary run(String fault, long timeoutMs) throws Exception {
        Path file = Files.writeString(dir.resolve("size.txt"), "64 48\n");
        Fuzz.Seed seed = Fuzz.Seed.of(file);
        return new Fuzz("toy-" + fault, 3).limits(timeoutMs, 8 << 20)
                .hostile(seed, "empty", new byte[0])
                .run(List.of(seed), 30, (f, strict) -> toyRead(f, fault));
    }

    @Test
    void cleanErrorsNamingTheFileAreFine() throws Exception {
        Fuzz.Summary s = run("none", 2000);
        System.out.println(s.line());
        assertEquals(31, s.inputs());
        assertEquals(s.inputs(), s.read() + s.cleanError());
        assertTrue(s.cleanError() > 0 && s.clean(), s.line());
        // the seed is put back after every input
        assertEquals("64 48\n", Files.readString(dir.resolve("size.txt")));
    }

    @Test
    void rawExceptionsAndUnnamedErrorsAreFindings() throws Exception {
        Fuzz.Summary npe = run("npe", 2000);
        assertTrue(npe.otherException() > 0 && !npe.clean(), npe.line());
        assertTrue(npe.findings().get(0).contains("NullPointerException"), npe.findings().get(0));
        Fuzz.Summary unnamed = run("unnamed", 2000);
        assertEquals(unnamed.inputs() - unnamed.read(), unnamed.otherException(), unnamed.line());
    }

    @Test
    void hangsAndLargeAllocationsAreFindings() throws Exception {
        Fuzz.Summary hang = run("hang", 50);
        assertTrue(hang.hangs() > 0, hang.line());
        assertEquals(0, hang.otherException(), hang.line());
        Fuzz.Summary big = run("allocate", 2000);
        assertTrue(big.overAllocation() > 0 && big.maxAllocatedBytes() >= 32 << 20, big.line());
    }

    @Test
    void invalidSeedsAreRefusedBeforeFuzzing() throws Exception {
        Path file = Files.writeString(dir.resolve("size.txt"), "not a size\n");
        Fuzz.Seed seed = Fuzz.Seed.of(file);
        AssertionError e = assertThrows(AssertionError.class,
                () -> new Fuzz("toy", 1).run(List.of(seed), 5, (f, strict) -> toyRead(f, "none")));
        assertFalse(e.getMessage().isEmpty());
    }
}
