package org.deepminer.dicom.internal;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks what lies inside a sequence before PixelMed reads it. PixelMed tells the reader's header gate about
 * top-level elements only; inside a sequence it allocates whatever length an element declares, so a few
 * corrupt bytes in a nested item made it allocate 750 MB for a 7 KB file. This walks the items and elements
 * of one sequence in bytes looked ahead at, iteratively, and refuses a value longer than what follows it in
 * the file and nesting deeper than {@link #MAX_DEPTH} (which would also overflow PixelMed's recursive reader).
 * It reads element headers only; values are skipped.
 */
final class NestedLengths {
    private NestedLengths() {}

    /** Deeper is garbage: real structured reports nest a few dozen levels at most. */
    static final int MAX_DEPTH = 64;
    static final java.util.Set<String> KNOWN_VRS = java.util.Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD",
            "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM",
            "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV");
    /** The explicit VRs with a 4-byte length (and two reserved bytes before it). */
    static final java.util.Set<String> LONG_VRS = java.util.Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV",
            "UC", "UN", "UR", "UT", "UV");
    static final long UNDEFINED = 0xFFFFFFFFL;

    /** What the walk found. */
    enum Verdict {
        FINE, NEED_MORE
    }

    private enum Kind {
        SEQUENCE, ITEM, FRAGMENTS
    }

    /** A container being walked: where it ends (absolute), or -1 until its delimiter. */
    private record Frame(Kind kind, long end) {}

    /**
     * @param w bytes looked ahead at; the sequence's value starts at {@code w[offset]}
     * @param offset where the value starts in {@code w}
     * @param n how many bytes of {@code w} were read
     * @param base the absolute position of {@code w[offset]} in the stream
     * @param limit the absolute end of the stream (the file's length, or a deflated data set's bound)
     * @param sequenceLength the sequence's value length, or {@link #UNDEFINED}
     * @param explicit explicit VR
     * @param big big endian
     * @return {@link Verdict#FINE} when the sequence ends within the bytes seen, {@link Verdict#NEED_MORE} when
     *         they ran out first
     * @throws IllegalStateException saying what is wrong (a length past the end, nesting too deep)
     */
    static Verdict check(byte[] w, int offset, int n, long base, long limit, long sequenceLength, boolean explicit,
            boolean big) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(Kind.SEQUENCE, sequenceLength == UNDEFINED ? -1 : base + sequenceLength));
        long p = offset;
        base -= offset; // so that base + p is absolute
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.end() >= 0 && base + p >= top.end()) {
                stack.pop();
                continue;
            }
            if (p + 8 > n) {
                return Verdict.NEED_MORE;
            }
            int i = (int) p;
            int group = (int) unsigned(w, i, 2, big);
            int element = (int) unsigned(w, i + 2, 2, big);
            if (group == 0xFFFE) {
                long length = unsigned(w, i + 4, 4, big);
                p += 8;
                boolean open = top.end() < 0;
                if (element == 0xE000) {
                    if (top.kind() == Kind.FRAGMENTS) {
                        p += requireFits(length, base + p, limit, "a fragment of encapsulated pixel data");
                    } else if (length == UNDEFINED) {
                        push(stack, new Frame(Kind.ITEM, -1));
                    } else {
                        requireFits(length, base + p, limit, "an item");
                        push(stack, new Frame(Kind.ITEM, base + p + length));
                    }
                } else if (element == 0xE00D && open && top.kind() == Kind.ITEM
                        || element == 0xE0DD && open && top.kind() != Kind.ITEM) {
                    stack.pop(); // the delimiter that closes the open container
                } else if (element != 0xE00D && element != 0xE0DD && length != UNDEFINED) {
                    // PixelMed reads another (FFFE,xxxx) tag as an element with this length
                    p += requireFits(length, base + p, limit, String.format("element (FFFE,%04X)", element));
                }
                // a delimiter where none belongs: PixelMed ignores it and reads on in the same container
                continue;
            }
            if (p + 12 > n) {
                return Verdict.NEED_MORE;
            }
            Element e = element(w, i + 4, explicit, big, group, element);
            long length = e.length();
            boolean sequence = e.sequence();
            p += 4 + e.headerBytes();
            if (length == UNDEFINED) {
                boolean pixels = group == 0x7FE0 && element == 0x0010;
                push(stack, new Frame(pixels ? Kind.FRAGMENTS : Kind.SEQUENCE, -1));
                continue;
            }
            requireFits(length, base + p, limit, String.format("element (%04X,%04X)", group, element));
            String numbers = e.tooManyNumbers(group, element);
            if (numbers != null) {
                throw new IllegalStateException(numbers + ", inside the sequence at byte " + (base + p));
            }
            if (sequence) {
                push(stack, new Frame(Kind.SEQUENCE, base + p + length));
            } else {
                p += length;
            }
        }
        return Verdict.FINE;
    }

    /**
     * An element's value length as PixelMed will read it, its header size after the tag, and whether PixelMed
     * reads it as a sequence.
     */
    record Element(long length, int headerBytes, boolean sequence, String vr) {

        /**
         * Why PixelMed must not read this value, or null. PixelMed reads binary numbers (US, UL, FL...) one at a
         * time into an array it grows by one each time: time and garbage grow with the square of the length. A
         * 61 KB UL value in a corrupt 145 KB file made it allocate 485 MB; a few MB would take hours. No image
         * attribute needs more than a 65536-entry LUT (128 KB).
         */
        String tooManyNumbers(int group, int element) {
            if (!NUMBER_VRS.contains(vr) || length == UNDEFINED) {
                return null;
            }
            boolean lut = element == 0x3006 && (group == 0x0028 || group == 0x0040); // LUTData
            long max = lut ? 2 * 65536 : MAX_NUMBER_BYTES;
            return length <= max ? null : String.format("(%04X,%04X) holds %d bytes of %s numbers, more than any "
                    + "image attribute needs (at most %d)", group, element, length, vr, max);
        }
    }

    /** Binary number VRs, read by PixelMed in quadratic time. */
    static final java.util.Set<String> NUMBER_VRS = java.util.Set.of("US", "SS", "UL", "SL", "FL", "FD", "AT", "UV",
            "SV");
    /** 8192 16-bit values: a 4096-entry LUT twice over. */
    static final long MAX_NUMBER_BYTES = 16 << 10;

    /**
     * Reads an element's VR and length the way PixelMed 20220618 does. In explicit VR a valid VR gives the short
     * (2-byte) or long (2 reserved + 4-byte) form; two zero bytes, two hyphens, and two bytes from 'A' up that
     * are no VR ({@code sH}, {@code CC}) are UN (long form); a VR with a byte below 'A' is taken as an implicit
     * VR element (a 4-byte length right after the tag). Found by fuzzing: read any other way, each of these
     * let PixelMed allocate hundreds of MB.
     *
     * @param b bytes from right after the tag; at least 8 from {@code at}
     */
    static Element element(byte[] b, int at, boolean explicit, boolean big, int group, int element) {
        if (explicit) {
            byte v0 = b[at];
            byte v1 = b[at + 1]; // signed, as PixelMed compares them
            boolean unknown = (v0 == 0 && v1 == 0) || (v0 == '-' && v1 == '-');
            if (unknown || (v0 >= 'A' && v1 >= 'A')) {
                String vr = new String(b, at, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (unknown || !KNOWN_VRS.contains(vr)) {
                    vr = "UN"; // PixelMed reads the element as UN
                }
                if (LONG_VRS.contains(vr)) {
                    long length = unsigned(b, at + 4, 4, big);
                    return new Element(length, 8, vr.equals("SQ") || (vr.equals("UN") && length == UNDEFINED), vr);
                }
                return new Element(unsigned(b, at + 2, 2, big), 4, false, vr);
            }
        }
        long length = unsigned(b, at, 4, big);
        String vr = dictionaryVr(group, element);
        return new Element(length, 4, length == UNDEFINED || vr.equals("SQ"), vr);
    }

    private static void push(Deque<Frame> stack, Frame frame) {
        // a sequence and its item make one level of nesting
        if (stack.size() >= 2 * MAX_DEPTH) {
            throw new IllegalStateException("sequences nested more than " + MAX_DEPTH + " deep");
        }
        stack.push(frame);
    }

    private static long requireFits(long length, long at, long limit, String what) {
        if (length > limit - at) {
            throw new IllegalStateException(what + " inside the sequence, at byte " + at + ", declares " + length
                    + " bytes; only " + Math.max(0, limit - at) + " are left in the file");
        }
        return length;
    }

    /** The VR PixelMed reads an implicit VR element with: its dictionary's, else UN. */
    private static String dictionaryVr(int group, int element) {
        try {
            byte[] vr = AttributeList.getDictionary().getValueRepresentationFromTag(new AttributeTag(group, element));
            return vr == null || vr.length != 2 ? "UN" : new String(vr, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (RuntimeException e) {
            return "UN";
        }
    }

    static long unsigned(byte[] b, int offset, int size, boolean bigEndian) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int at = bigEndian ? offset + k : offset + size - 1 - k;
            v = (v << 8) | (b[at] & 0xFF);
        }
        return v;
    }
}
