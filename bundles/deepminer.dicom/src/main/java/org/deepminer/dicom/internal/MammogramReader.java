package org.deepminer.dicom.internal;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;

/**
 * Reads one single-frame greyscale image through PixelMed and prepares it for models. The header is
 * checked when PixelMed reaches Pixel Data, before it allocates the pixel array, so absurd dimensions,
 * a wrong modality or an undecodable transfer syntax cost nothing and name the problem.
 */
final class MammogramReader {

    /** Reads, checks and prepares one file. Every problem becomes a {@link DicomException} naming the file. */
    DicomImage read(Path file, DicomReadOptions options) {
        String source = file.toString();
        AttributeList list = new AttributeList();
        HeaderGate gate;
        try (CountingInput counted = open(file, source)) {
            long length = Files.size(file);
            checkIsDicom(counted, length, source);
            gate = new HeaderGate(source, options, length, list);
            try {
                if (declaresDeflated(counted)) {
                    readDeflated(counted, list, gate, length, source);
                } else {
                    try (DicomInputStream in = new DicomInputStream(counted)) {
                        gate.attach(in, counted, length);
                        list.read(in, gate);
                    }
                }
            } catch (DicomException e) {
                throw e;
            } catch (EOFException e) {
                throw new DicomException(source, "truncated: the file (" + length + " bytes) ends inside "
                        + gate.lastTagDescription(), e);
            } catch (com.pixelmed.dicom.DicomException e) {
                throw new DicomException(source, "not readable as DICOM (at " + gate.lastTagDescription() + "): "
                        + e.getMessage(), e);
            } catch (OutOfMemoryError e) {
                throw new DicomException(source, "too large to read into memory (at " + gate.lastTagDescription()
                        + ")");
            } catch (StackOverflowError e) {
                // PixelMed reads nested sequences recursively: thousands of levels are garbage, not an image
                throw new DicomException(source, "sequences nested too deeply to read (at " + gate.lastTagDescription()
                        + ")");
            } catch (RuntimeException e) {
                throw new DicomException(source, "malformed DICOM (at " + gate.lastTagDescription() + "): " + e, e);
            }
        } catch (IOException e) {
            throw new DicomException(source, "cannot read: " + e, e);
        }
        try {
            return prepare(source, list, gate, options);
        } catch (DicomException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DicomException(source, "malformed DICOM: " + e, e);
        }
    }

    private static CountingInput open(Path file, String source) {
        try {
            return new CountingInput(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DicomException(source, "no such file");
        } catch (IOException e) {
            throw new DicomException(source, "cannot read: " + e, e);
        }
    }

    /** Refuses files that do not even look like DICOM, before PixelMed guesses at them. */
    private static void checkIsDicom(CountingInput in, long length, String source) throws IOException {
        byte[] head = new byte[132];
        int got = in.peek(head);
        if (got == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return;
        }
        // a data set without preamble (old ACR-NEMA style) starts with a little-endian group 0002 or 0008 tag
        if (got >= 8 && head[1] == 0 && (head[0] == 2 || head[0] == 8) && head[3] == 0) {
            return;
        }
        throw new DicomException(source, "not a DICOM file: no 'DICM' marker at byte 128"
                + (length < 132 ? " (the file is only " + length + " bytes long)" : "")
                + " and no DICOM data set at its start");
    }

    /** The value of TransferSyntaxUID (0002,0010) that says the data set is deflated. */
    private static final byte[] DEFLATED_UID = TransferSyntaxes.DEFLATED_LE.getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);
    /** Deflate cannot expand data more than about 1032 times: a bound on what a deflated data set holds. */
    private static final long MAX_INFLATION = 1032;

    /**
     * Whether the file meta information (in the first 2 KB) says the data set is deflated: TransferSyntaxUID
     * (0002,0010), VR UI, the deflated syntax's UID, padded or not.
     */
    private static boolean declaresDeflated(CountingInput in) throws IOException {
        byte[] head = new byte[2048];
        int got = in.peek(head);
        for (int i = 0; i + 8 + DEFLATED_UID.length <= got; i++) {
            if (head[i] != 0x02 || head[i + 1] != 0x00 || head[i + 2] != 0x10 || head[i + 3] != 0x00
                    || head[i + 4] != 'U' || head[i + 5] != 'I') {
                continue;
            }
            int length = (head[i + 6] & 0xFF) | (head[i + 7] & 0xFF) << 8;
            if (length < DEFLATED_UID.length || length > DEFLATED_UID.length + 2
                    || !java.util.Arrays.equals(head, i + 8, i + 8 + DEFLATED_UID.length, DEFLATED_UID, 0,
                            DEFLATED_UID.length)) {
                return false;
            }
            for (int k = i + 8 + DEFLATED_UID.length; k < i + 8 + length && k < got; k++) {
                if (head[k] != 0 && head[k] != ' ') {
                    return false; // a longer UID that starts like it
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A deflated data set, inflated here rather than by PixelMed: PixelMed would read it through an inflater
     * the header gate cannot see into, so a few hundred bytes declaring a 2 GB value would make it allocate
     * 2 GB. Here the gate sees the inflated bytes and bounds every value by what the rest of the file can
     * inflate to.
     */
    private static void readDeflated(CountingInput counted, AttributeList list, HeaderGate gate, long length,
            String source) throws IOException, com.pixelmed.dicom.DicomException {
        // the file meta information: preamble, DICM, then group 0002 in explicit VR little endian
        if (counted.skip(132) != 132) {
            throw new EOFException();
        }
        byte[] header = new byte[8];
        while (true) {
            int got = counted.peek(header);
            if (got < 8 || header[0] != 0x02 || header[1] != 0x00) {
                break; // the data set starts here
            }
            String vr = new String(header, 4, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
            long valueLength;
            int headerBytes;
            if (HeaderGate.LONG_VRS.contains(vr)) {
                byte[] longHeader = new byte[12];
                if (counted.peek(longHeader) < 12) {
                    throw new EOFException();
                }
                valueLength = HeaderGate.unsigned(longHeader, 8, 4, false);
                headerBytes = 12;
            } else {
                valueLength = HeaderGate.unsigned(header, 6, 2, false);
                headerBytes = 8;
            }
            if (valueLength > length - counted.position() - headerBytes) {
                throw new DicomException(source, "malformed file meta information at byte " + counted.position()
                        + ": an element declares " + valueLength + " bytes, more than the file holds");
            }
            counted.skipNBytes(headerBytes + valueLength);
        }
        com.pixelmed.dicom.UniqueIdentifierAttribute syntax =
                new com.pixelmed.dicom.UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID);
        syntax.addValue(TransferSyntaxes.DEFLATED_LE);
        list.put(syntax);
        long dataStart = counted.position();
        long bound = (length - dataStart) * MAX_INFLATION;
        CountingInput inflated = new CountingInput(new java.util.zip.InflaterInputStream(counted,
                new java.util.zip.Inflater(true)), 1 << 16);
        try (DicomInputStream in = new DicomInputStream(inflated, TransferSyntaxes.EXPLICIT_LE, false)) {
            gate.attach(in, inflated, bound);
            list.read(in, gate);
        } catch (java.util.zip.ZipException e) {
            throw new DicomException(source, "the deflated data set is corrupt (at " + gate.lastTagDescription()
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * Sees each tag as PixelMed reads it, before PixelMed reads the value: refuses a value length that runs
     * past the end of the file (garbage or a cut file would otherwise make PixelMed allocate up to 4 GB),
     * and at the top-level Pixel Data checks the header before PixelMed allocates anything for the pixels.
     */
    private static final class HeaderGate implements AttributeList.ReadTerminationStrategy {
        static final java.util.Set<String> LONG_VRS = NestedLengths.LONG_VRS;
        /** How far ahead a sequence's content is checked at most; beyond it PixelMed reads unchecked. */
        private static final int MAX_WINDOW = 4 << 20;
        private final String source;
        private final DicomReadOptions options;
        private final long fileLength;
        /** Where the stream the gate sees ends at most: the file's length, or what a deflated data set can hold. */
        private long limit;
        private final AttributeList top;
        private final byte[] ahead = new byte[8];
        private DicomInputStream in;
        private CountingInput counted;
        private AttributeTag lastTag;
        private long lastOffset;
        Header header;

        HeaderGate(String source, DicomReadOptions options, long fileLength, AttributeList top) {
            this.source = source;
            this.options = options;
            this.fileLength = fileLength;
            this.top = top;
        }

        void attach(DicomInputStream in, CountingInput counted, long limit) {
            this.in = in;
            this.counted = counted;
            this.limit = limit;
        }

        @Override
        public boolean terminate(AttributeList list, AttributeTag tag, long bytesRead) {
            long position = counted.position();
            if (list == top) {
                lastTag = tag;
                lastOffset = position - 4;
            }
            TransferSyntax syntax = in.getTransferSyntaxInUse();
            // a deflated data set is read through an inflater: positions in the file say nothing then
            boolean positionsKnown = syntax == null || !syntax.isDeflated() || in.areReadingMetaHeader();
            if (positionsKnown && tag.getGroup() != 0xFFFE) {
                checkValueLength(tag, position, syntax);
            }
            if (list == top && tag.equals(TagFromName.PixelData)) {
                header = Header.check(source, list, options);
                if (positionsKnown && TransferSyntaxes.isNative(header.transferSyntax())) {
                    long left = limit - position;
                    if (left < header.pixelBytes()) {
                        throw new DicomException(source, "truncated: PixelData (7FE0,0010) needs "
                                + header.pixelBytes() + " bytes for " + header.dimensions() + ", only " + left
                                + " follow its tag in the file");
                    }
                }
            }
            return false;
        }

        private void checkValueLength(AttributeTag tag, long position, TransferSyntax syntax) {
            int got;
            try {
                got = counted.peek(ahead);
            } catch (IOException e) {
                return; // PixelMed meets the same problem next and reports it
            }
            boolean explicit = syntax == null || syntax.isExplicitVR() || in.areReadingMetaHeader();
            boolean big = syntax != null && syntax.isBigEndian() && !in.areReadingMetaHeader();
            NestedLengths.Element e = NestedLengths.element(ahead, 0, explicit, big, tag.getGroup(), tag.getElement());
            if (got < e.headerBytes()) {
                return; // cut inside the header: PixelMed reports the end of the file
            }
            long length = e.length();
            long left = limit - position - e.headerBytes();
            if (length != NestedLengths.UNDEFINED && length > left) {
                throw new DicomException(source, "truncated or corrupt: " + Tags.describe(tag) + " at byte "
                        + (position - 4) + " declares a value of " + length + " bytes, only " + Math.max(left, 0)
                        + " are left in the file");
            }
            String numbers = e.tooManyNumbers(tag.getGroup(), tag.getElement());
            if (numbers != null) {
                throw new DicomException(source, "corrupt: " + numbers + ", at byte " + (position - 4));
            }
            // encapsulated pixel data is fragments, not items of elements: its fragments are PixelMed's to read
            if (e.sequence() && !tag.equals(TagFromName.PixelData)) {
                checkNested(tag, position, e.headerBytes(), length, explicit, big);
            }
        }

        /** The items of a sequence, looked ahead at in growing windows (most sequences are a few KB). */
        private void checkNested(AttributeTag tag, long position, int headerBytes, long length, boolean explicit,
                boolean big) {
            long content = length == NestedLengths.UNDEFINED ? limit - position - headerBytes : length;
            for (int window = 1 << 16;; window *= 4) {
                int want = (int) Math.min(window, Math.max(0, content));
                byte[] bytes = new byte[headerBytes + want];
                int got;
                try {
                    got = counted.peek(bytes);
                } catch (IOException e) {
                    return; // PixelMed meets the same problem next and reports it
                }
                NestedLengths.Verdict verdict;
                try {
                    verdict = NestedLengths.check(bytes, headerBytes, got, position + headerBytes, limit, length,
                            explicit, big);
                } catch (IllegalStateException e) {
                    throw new DicomException(source, "corrupt: " + Tags.describe(tag) + " at byte " + (position - 4)
                            + ": " + e.getMessage());
                }
                if (verdict == NestedLengths.Verdict.FINE || got < bytes.length || want >= content
                        || window >= MAX_WINDOW) {
                    return; // checked, or the file ends first (PixelMed reports that), or too long to look ahead
                }
            }
        }

        static long unsigned(byte[] b, int offset, int size, boolean bigEndian) {
            long v = 0;
            for (int i = 0; i < size; i++) {
                int at = bigEndian ? offset + i : offset + size - 1 - i;
                v = (v << 8) | (b[at] & 0xFF);
            }
            return v;
        }

        String lastTagDescription() {
            return lastTag == null ? "the file meta information"
                    : Tags.describe(lastTag) + " at byte " + lastOffset;
        }
    }

    /** The image pixel facts the reader relies on, checked. */
    record Header(String transferSyntax, String modality, int rows, int columns, int bitsAllocated, int bitsStored,
            int highBit, boolean signed, boolean monochrome1) {

        long pixelBytes() {
            return (long) rows * columns * (bitsAllocated / 8);
        }

        String dimensions() {
            return columns + "x" + rows + " pixels of " + bitsAllocated + " bits";
        }

        static Header check(String source, AttributeList list, DicomReadOptions options) {
            String modality = text(list, TagFromName.Modality);
            if (!options.modalities().isEmpty() && !options.modalities().contains(modality)) {
                throw new DicomException(source, (modality.isEmpty() ? "Modality (0008,0060) is missing"
                        : "Modality (0008,0060) is " + modality) + "; expected " + String.join(", ",
                                new TreeSet<>(options.modalities())));
            }
            String syntax = text(list, TagFromName.TransferSyntaxUID);
            int samples = integer(source, list, TagFromName.SamplesPerPixel, 1);
            String photometric = text(list, TagFromName.PhotometricInterpretation).toUpperCase(Locale.ROOT);
            if (samples != 1 || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
                throw new DicomException(source, "colour or palette image: PhotometricInterpretation (0028,0004) is "
                        + (photometric.isEmpty() ? "missing" : photometric) + ", SamplesPerPixel (0028,0002) is "
                        + samples + "; only greyscale (MONOCHROME1, MONOCHROME2) images are read");
            }
            String frames = text(list, TagFromName.NumberOfFrames);
            if (!frames.isEmpty() && !frames.equals("1")) {
                throw new DicomException(source, "multi-frame image: NumberOfFrames (0028,0008) is " + frames
                        + "; only single-frame images are read");
            }
            int rows = required(source, list, TagFromName.Rows);
            int columns = required(source, list, TagFromName.Columns);
            if (rows <= 0 || columns <= 0) {
                throw new DicomException(source, "empty image: Rows (0028,0010) is " + rows
                        + ", Columns (0028,0011) is " + columns);
            }
            long pixels = (long) rows * columns;
            if (pixels > options.maxPixels() || pixels > Integer.MAX_VALUE - 8) {
                throw new DicomException(source, "absurd dimensions: Rows (0028,0010) x Columns (0028,0011) = "
                        + rows + " x " + columns + " = " + pixels + " pixels, above the limit of "
                        + Math.min(options.maxPixels(), Integer.MAX_VALUE - 8));
            }
            int bitsAllocated = required(source, list, TagFromName.BitsAllocated);
            if (bitsAllocated != 8 && bitsAllocated != 16) {
                throw new DicomException(source, "BitsAllocated (0028,0100) is " + bitsAllocated
                        + "; only 8 or 16 bits per pixel are read");
            }
            int bitsStored = integer(source, list, TagFromName.BitsStored, bitsAllocated);
            if (bitsStored < 1 || bitsStored > bitsAllocated) {
                throw new DicomException(source, "BitsStored (0028,0101) is " + bitsStored
                        + " with BitsAllocated (0028,0100) " + bitsAllocated);
            }
            int highBit = integer(source, list, TagFromName.HighBit, bitsStored - 1);
            if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
                throw new DicomException(source, "HighBit (0028,0102) is " + highBit + " with BitsStored (0028,0101) "
                        + bitsStored + " and BitsAllocated (0028,0100) " + bitsAllocated);
            }
            int representation = integer(source, list, TagFromName.PixelRepresentation, 0);
            if (representation != 0 && representation != 1) {
                throw new DicomException(source, "PixelRepresentation (0028,0103) is " + representation
                        + "; expected 0 (unsigned) or 1 (signed)");
            }
            String why = TransferSyntaxes.whyNotDecodable(syntax, bitsStored);
            if (why != null) {
                throw new DicomException(source, "unsupported transfer syntax " + TransferSyntaxes.describe(syntax)
                        + ": " + why);
            }
            return new Header(syntax, modality, rows, columns, bitsAllocated, bitsStored, highBit,
                    representation == 1, photometric.equals("MONOCHROME1"));
        }
    }

    private DicomImage prepare(String source, AttributeList list, HeaderGate gate, DicomReadOptions options) {
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (pixelData == null || gate.header == null) {
            String modality = text(list, TagFromName.Modality);
            if (!modality.isEmpty() && !options.modalities().isEmpty() && !options.modalities().contains(modality)) {
                Header.check(source, list, options); // "wrong modality" says more than "no pixels"
            }
            throw new DicomException(source, "no PixelData (7FE0,0010): the data set ends after "
                    + gate.lastTagDescription() + " (" + list.size() + " attributes, file of " + gate.fileLength
                    + " bytes): truncated, or not an image");
        }
        Header header = gate.header;
        int count = header.rows() * header.columns();
        StoredPixels pixels = storedPixels(source, pixelData, header, count);

        double slope = decimal(source, list, TagFromName.RescaleSlope, 1);
        double intercept = decimal(source, list, TagFromName.RescaleIntercept, 0);
        if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new DicomException(source, "RescaleSlope (0028,1053) " + slope + " / RescaleIntercept (0028,1052) "
                    + intercept + " would flatten the image");
        }
        Greyscale.Padding padding = padding(source, list, header);
        Greyscale.Voi voi = voi(source, list, header);
        if (voi == null) {
            double[] range = Greyscale.modalityRange(pixels, slope, intercept, padding);
            voi = range == null ? Greyscale.minMax(0, 0) : Greyscale.minMax(range[0], range[1]);
        }

        Laterality laterality = laterality(list);
        Orientation.Decision decision = null;
        if (options.canonical()) {
            decision = Orientation.fromHeader(Attribute.getStringValues(list, TagFromName.PatientOrientation),
                    laterality);
        }
        float[] out = new float[count];
        Greyscale.render(pixels, header.columns(), slope, intercept, voi, header.monochrome1(), padding,
                decision != null && decision.flip(), out);
        if (options.canonical() && decision == null) {
            decision = Orientation.fromTissue(out, header.columns());
            if (decision.flip()) {
                Greyscale.flip(out, header.columns());
            }
        }
        boolean flipped = decision != null && decision.flip();

        ImageMetadata metadata = new ImageMetadata(header.modality(), laterality, view(list), pixelSpacing(list),
                header.bitsStored(), flipped, references(list));
        return new DicomImage(new MammogramImage(header.columns(), header.rows(), out), metadata,
                options.keepIdentifiers() ? identifiers(list) : Map.of());
    }

    /** The stored pixels whatever cells PixelMed chose (OW or OB), after checking there are enough. */
    private static StoredPixels storedPixels(String source, Attribute pixelData, Header header, int count) {
        long needed = header.pixelBytes();
        try {
            if (pixelData instanceof OtherWordAttribute) {
                short[] words = pixelData.getShortValues();
                long have = words == null ? 0 : 2L * words.length;
                checkLength(source, have, needed, header);
                if (header.bitsAllocated() == 16) {
                    return StoredPixels.ofWords(words, count, header.bitsStored(), header.highBit(), header.signed());
                }
                byte[] bytes = new byte[count]; // 8-bit pixels packed two to a word, first pixel in the low byte
                for (int i = 0; i < count; i++) {
                    int w = words[i >> 1];
                    bytes[i] = (byte) ((i & 1) == 0 ? w : w >> 8);
                }
                return StoredPixels.ofBytes(bytes, count, header.bitsStored(), header.highBit(), header.signed());
            }
            if (pixelData instanceof OtherByteAttribute) {
                byte[] bytes = pixelData.getByteValues();
                long have = bytes == null ? 0 : bytes.length;
                checkLength(source, have, needed, header);
                if (header.bitsAllocated() == 8) {
                    return StoredPixels.ofBytes(bytes, count, header.bitsStored(), header.highBit(), header.signed());
                }
                short[] words = new short[count]; // 16-bit pixels as little-endian byte pairs
                for (int i = 0; i < count; i++) {
                    words[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
                }
                return StoredPixels.ofWords(words, count, header.bitsStored(), header.highBit(), header.signed());
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(source, "cannot get the values of PixelData (7FE0,0010): " + e.getMessage(), e);
        }
        throw new DicomException(source, "PixelData (7FE0,0010) has an unexpected form ("
                + pixelData.getClass().getSimpleName() + ")");
    }

    private static void checkLength(String source, long have, long needed, Header header) {
        if (have < needed) {
            throw new DicomException(source, "truncated: PixelData (7FE0,0010) holds " + have + " bytes, "
                    + header.dimensions() + " need " + needed);
        }
    }

    /** Pixel Padding Value (and Range Limit), as stored values. */
    private static Greyscale.Padding padding(String source, AttributeList list, Header header) {
        Attribute value = list.get(TagFromName.PixelPaddingValue);
        if (value == null || value.getVM() == 0) {
            return Greyscale.Padding.NONE;
        }
        int a = storedValue(source, value, header);
        Attribute limit = list.get(TagFromName.PixelPaddingRangeLimit);
        int b = limit == null || limit.getVM() == 0 ? a : storedValue(source, limit, header);
        return new Greyscale.Padding(Math.min(a, b), Math.max(a, b));
    }

    /** A US/SS value read as the pixels are (PixelMed may read it as either when the VR is implicit). */
    private static int storedValue(String source, Attribute attribute, Header header) {
        int v;
        try {
            v = attribute.getIntegerValues()[0];
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new DicomException(source, Tags.describe(attribute.getTag()) + " is not a number", e);
        }
        return header.signed() ? (short) v : v & 0xFFFF;
    }

    /** The first VOI LUT, else the first window; {@code null} when the file has neither (min-max then). */
    private static Greyscale.Voi voi(String source, AttributeList list, Header header) {
        Attribute sequence = list.get(TagFromName.VOILUTSequence);
        if (sequence instanceof SequenceAttribute && ((SequenceAttribute) sequence).getNumberOfItems() > 0) {
            AttributeList item = ((SequenceAttribute) sequence).getItem(0).getAttributeList();
            return voiLut(source, item, header);
        }
        double[] centers = Attribute.getDoubleValues(list, TagFromName.WindowCenter);
        double[] widths = Attribute.getDoubleValues(list, TagFromName.WindowWidth);
        if (centers == null || widths == null || centers.length == 0 || widths.length == 0) {
            return null;
        }
        double center = centers[0];
        double width = widths[0];
        String function = text(list, TagFromName.VOILUTFunction).toUpperCase(Locale.ROOT);
        if (!Double.isFinite(center) || !Double.isFinite(width)) {
            return null;
        }
        switch (function) {
            case "":
            case "LINEAR":
                return width >= 1 ? Greyscale.linear(center, width) : null;
            case "LINEAR_EXACT":
                return width > 0 ? Greyscale.linearExact(center, width) : null;
            case "SIGMOID":
                return width > 0 ? Greyscale.sigmoid(center, width) : null;
            default:
                throw new DicomException(source, "VOILUTFunction (0028,1056) is " + function
                        + "; expected LINEAR, LINEAR_EXACT or SIGMOID");
        }
    }

    private static Greyscale.Voi voiLut(String source, AttributeList item, Header header) {
        String where = "VOILUTSequence (0028,3010) item 1: ";
        int[] descriptor;
        Attribute data = item.get(TagFromName.LUTData);
        try {
            descriptor = Attribute.getIntegerValues(item, TagFromName.LUTDescriptor);
        } catch (RuntimeException e) {
            descriptor = null;
        }
        if (descriptor == null || descriptor.length != 3) {
            throw new DicomException(source, where + "LUTDescriptor (0028,3002) must have 3 values");
        }
        if (data == null) {
            throw new DicomException(source, where + "LUTData (0028,3006) is missing");
        }
        int entries = descriptor[0] == 0 ? 65536 : descriptor[0] & 0xFFFF;
        int first = descriptor[1];
        if (first > 32767 && header.signed()) {
            first -= 65536; // read as US, meant as SS
        }
        int[] values;
        try {
            if (data instanceof OtherWordAttribute) {
                short[] words = data.getShortValues();
                values = new int[words.length];
                for (int i = 0; i < words.length; i++) {
                    values[i] = words[i] & 0xFFFF;
                }
            } else {
                values = data.getIntegerValues();
                for (int i = 0; i < values.length; i++) {
                    values[i] &= 0xFFFF;
                }
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(source, where + "LUTData (0028,3006) cannot be read: " + e.getMessage(), e);
        }
        if (values == null || values.length < entries) {
            throw new DicomException(source, where + "LUTData (0028,3006) has " + (values == null ? 0 : values.length)
                    + " entries, LUTDescriptor (0028,3002) declares " + entries);
        }
        if (values.length > entries) {
            values = java.util.Arrays.copyOf(values, entries);
        }
        return Greyscale.lut(first, values);
    }

    /** ImageLaterality, else Laterality, else FrameLaterality (also in the functional groups). */
    static Laterality laterality(AttributeList list) {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.ImageLaterality, TagFromName.Laterality,
                TagFromName.FrameLaterality}) {
            Laterality l = lateralityOf(text(list, tag));
            if (l != Laterality.UNKNOWN) {
                return l;
            }
        }
        for (AttributeTag groups : new AttributeTag[] {TagFromName.SharedFunctionalGroupsSequence,
                TagFromName.PerFrameFunctionalGroupsSequence}) {
            AttributeList group = firstItem(list, groups);
            AttributeList anatomy = group == null ? null : firstItem(group, TagFromName.FrameAnatomySequence);
            if (anatomy != null) {
                Laterality l = lateralityOf(text(anatomy, TagFromName.FrameLaterality));
                if (l != Laterality.UNKNOWN) {
                    return l;
                }
            }
        }
        return Laterality.UNKNOWN;
    }

    private static Laterality lateralityOf(String value) {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "L":
                return Laterality.LEFT;
            case "R":
                return Laterality.RIGHT;
            default:
                return Laterality.UNKNOWN;
        }
    }

    /** ViewPosition, else the View Code Sequence's code as its CID 4014 abbreviation, else empty. */
    static String view(AttributeList list) {
        String position = text(list, TagFromName.ViewPosition).toUpperCase(Locale.ROOT);
        if (!position.isEmpty()) {
            return position;
        }
        AttributeList code = firstItem(list, TagFromName.ViewCodeSequence);
        return code == null ? "" : Views.abbreviationOfCode(text(code, TagFromName.CodeValue));
    }

    /** PixelSpacing, else ImagerPixelSpacing: the row spacing in mm (mammograms have square pixels), or 0. */
    private static double pixelSpacing(AttributeList list) {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.PixelSpacing, TagFromName.ImagerPixelSpacing}) {
            double[] values;
            try {
                values = Attribute.getDoubleValues(list, tag);
            } catch (RuntimeException e) {
                values = null;
            }
            if (values != null && values.length > 0 && values[0] > 0 && Double.isFinite(values[0])) {
                return values[0];
            }
        }
        return 0;
    }

    private static Map<String, String> references(AttributeList list) {
        Map<String, String> refs = new HashMap<>();
        put(refs, "StudyInstanceUID", text(list, TagFromName.StudyInstanceUID));
        put(refs, "SeriesInstanceUID", text(list, TagFromName.SeriesInstanceUID));
        put(refs, "SOPInstanceUID", text(list, TagFromName.SOPInstanceUID));
        put(refs, "SOPClassUID", text(list, TagFromName.SOPClassUID));
        return refs;
    }

    private static Map<String, String> identifiers(AttributeList list) {
        Map<String, String> ids = new HashMap<>();
        put(ids, "PatientName", text(list, TagFromName.PatientName));
        put(ids, "PatientID", text(list, TagFromName.PatientID));
        put(ids, "PatientBirthDate", text(list, TagFromName.PatientBirthDate));
        return ids;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static AttributeList firstItem(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a instanceof SequenceAttribute && ((SequenceAttribute) a).getNumberOfItems() > 0) {
            return ((SequenceAttribute) a).getItem(0).getAttributeList();
        }
        return null;
    }

    static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    private static int required(String source, AttributeList list, AttributeTag tag) {
        if (list.get(tag) == null || text(list, tag).isEmpty()) {
            throw new DicomException(source, "missing " + Tags.describe(tag));
        }
        return integer(source, list, tag, 0);
    }

    private static int integer(String source, AttributeList list, AttributeTag tag, int absent) {
        String value = text(list, tag);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new DicomException(source, Tags.describe(tag) + " is '" + value + "', not an integer");
        }
    }

    private static double decimal(String source, AttributeList list, AttributeTag tag, double absent) {
        String value = text(list, tag);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new DicomException(source, Tags.describe(tag) + " is '" + value + "', not a number");
        }
    }
}
