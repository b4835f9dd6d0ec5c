package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.IntToDoubleFunction;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The greyscale pipeline on files changed the way real mammograms differ: each result is compared with
 * the formula of the DICOM standard applied to the known stored values.
 */
class PipelineTest {
    private static final int W = 64;
    private static final int H = 48;
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    private Path base;
    private short[] stored;

    @BeforeEach
    void writeBase() throws Exception {
        MammogramObject mg = TestSupport.mammogram(uids, W, H, Laterality.LEFT, "CC");
        stored = mg.pixels();
        base = dir.resolve("base.dcm");
        service.writeMammogram(base, mg);
    }

    @Test
    void sigmoidWindow() throws Exception {
        Path file = edit("sigmoid", l -> {
            window(l, "2000", "1000");
            TestSupport.set(l, new CodeStringAttribute(TagFromName.VOILUTFunction), "SIGMOID");
        });
        assertPixels(file, s -> 1 / (1 + Math.exp(-4 * (s - 2000) / 1000.0)));
    }

    @Test
    void linearExactWindow() throws Exception {
        Path file = edit("exact", l -> {
            window(l, "2000", "1000");
            TestSupport.set(l, new CodeStringAttribute(TagFromName.VOILUTFunction), "LINEAR_EXACT");
        });
        assertPixels(file, s -> s <= 1500 ? 0 : s > 2500 ? 1 : (s - 2000) / 1000.0 + 0.5);
    }

    @Test
    void firstOfSeveralWindowsIsUsed() throws Exception {
        Path file = edit("windows", l -> window(l, "1000\\2000", "500\\4000"));
        assertPixels(file, s -> TestSupport.linearWindow(s, 1000, 500));
    }

    @Test
    void rescaleSlopeAndInterceptComeBeforeTheWindow() throws Exception {
        Path file = edit("rescale", l -> {
            TestSupport.set(l, new DecimalStringAttribute(TagFromName.RescaleSlope), "2");
            TestSupport.set(l, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1000");
            window(l, "3000", "2000");
        });
        assertPixels(file, s -> TestSupport.linearWindow(2.0 * s - 1000, 3000, 2000));
    }

    @Test
    void withoutWindowTheImageRangeIsUsed() throws Exception {
        Path file = edit("no-window", PipelineTest::removeWindow);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (short s : stored) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double lo = min;
        double range = max - min;
        assertPixels(file, s -> (s - lo) / range);
    }

    @Test
    void signedPixelsAreSignExtendedFromBitsStored() throws Exception {
        Path file = edit("signed", l -> {
            removeWindow(l);
            TestSupport.set(l, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "1");
        });
        IntToDoubleFunction signed = s -> s >= 2048 ? s - 4096 : s;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (short s : stored) {
            min = Math.min(min, signed.applyAsDouble(s));
            max = Math.max(max, signed.applyAsDouble(s));
        }
        double lo = min;
        double range = max - min;
        assertPixels(file, s -> (signed.applyAsDouble(s) - lo) / range);
    }

    @Test
    void monochrome1IsInverted() throws Exception {
        Path file = edit("mono1", l -> TestSupport.set(l, new CodeStringAttribute(TagFromName.PhotometricInterpretation),
                "MONOCHROME1"));
        assertPixels(file, s -> 1 - TestSupport.linearWindow(s, 2048, 4096));
    }

    @Test
    void paddingRangeIsZeroAndLeftOutOfTheImageRange() throws Exception {
        for (String photometric : new String[] {"MONOCHROME2", "MONOCHROME1"}) {
            Path file = edit("padding-" + photometric, l -> {
                removeWindow(l);
                TestSupport.set(l, new CodeStringAttribute(TagFromName.PhotometricInterpretation), photometric);
                TestSupport.set(l, new UnsignedShortAttribute(TagFromName.PixelPaddingValue), "0");
                TestSupport.set(l, new UnsignedShortAttribute(TagFromName.PixelPaddingRangeLimit), "39");
            });
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (short s : stored) {
                if (s >= 40) {
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                }
            }
            double lo = min;
            double range = max - min;
            boolean invert = photometric.equals("MONOCHROME1");
            assertPixels(file, s -> s < 40 ? 0 : invert ? 1 - (s - lo) / range : (s - lo) / range);
        }
    }

    @Test
    void singlePaddingValue() throws Exception {
        Path file = edit("padding-value", l -> TestSupport.set(l, new UnsignedShortAttribute(TagFromName.PixelPaddingValue),
                "5"));
        assertPixels(file, s -> s == 5 ? 0 : TestSupport.linearWindow(s, 2048, 4096));
    }

    @Test
    void voiLutSequenceWinsOverTheWindow() throws Exception {
        short[] inverting = new short[4096];
        for (int i = 0; i < inverting.length; i++) {
            inverting[i] = (short) ((4095 - i) * 16);
        }
        Path file = edit("voi-lut", l -> l.put(voiLut(4096, 0, 16, inverting)));
        assertPixels(file, s -> (4095 - s) / 4095.0);
    }

    @Test
    void voiLutClampsBelowAndAboveItsEntries() throws Exception {
        short[] ramp = new short[2000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) i;
        }
        Path file = edit("voi-lut-part", l -> l.put(voiLut(2000, 1000, 12, ramp)));
        assertPixels(file, s -> s < 1000 ? 0 : s >= 2999 ? 1 : (s - 1000) / 1999.0);
    }

    @Test
    void maskReadsBackAsZeroAndOne() throws Exception {
        int width = 31;
        int height = 17;
        BitSet region = new BitSet();
        for (int i = 0; i < width * height; i += 3) {
            region.set(i);
        }
        Path file = dir.resolve("mask.dcm");
        service.writeMask(file, new MaskObject(TestSupport.identity(uids), width, height, region, uids.newUid(),
                TestSupport.MG_FOR_PRESENTATION));
        DicomImage mask = service.read(file, DicomReadOptions.anyImage());
        assertEquals(width, mask.image().width());
        assertEquals(height, mask.image().height());
        for (int i = 0; i < width * height; i++) {
            assertEquals(region.get(i) ? 1f : 0f, mask.image().pixels()[i], "pixel " + i);
        }
        assertEquals("OT", mask.metadata().modality());
    }

    private static SequenceAttribute voiLut(int entries, int first, int bits, short[] data) throws Exception {
        AttributeList item = new AttributeList();
        UnsignedShortAttribute descriptor = new UnsignedShortAttribute(TagFromName.LUTDescriptor);
        descriptor.addValue(entries);
        descriptor.addValue(first);
        descriptor.addValue(bits);
        item.put(descriptor);
        OtherWordAttribute lut = new OtherWordAttribute(TagFromName.LUTData);
        lut.setValues(data);
        item.put(lut);
        SequenceAttribute sequence = new SequenceAttribute(TagFromName.VOILUTSequence);
        sequence.addItem(item);
        return sequence;
    }

    private static void window(AttributeList l, String center, String width) throws Exception {
        TestSupport.set(l, new DecimalStringAttribute(TagFromName.WindowCenter), center.split("\\\\"));
        TestSupport.set(l, new DecimalStringAttribute(TagFromName.WindowWidth), width.split("\\\\"));
    }

    private static void removeWindow(AttributeList l) {
        l.remove(TagFromName.WindowCenter);
        l.remove(TagFromName.WindowWidth);
        l.remove(TagFromName.VOILUTFunction);
    }

    private Path edit(String name, TestSupport.Edit edit) throws Exception {
        return TestSupport.edit(base, dir.resolve(name + ".dcm"), edit);
    }

    /** Reads as stored and compares each pixel with {@code expected} of its stored value. */
    private void assertPixels(Path file, IntToDoubleFunction expected) {
        DicomImage image = service.read(file, DicomReadOptions.anyImage());
        float[] pixels = image.image().pixels();
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(expected.applyAsDouble(stored[i]), pixels[i], 1e-6, file.getFileName() + " pixel " + i
                    + " (stored " + stored[i] + ")");
        }
    }
}
