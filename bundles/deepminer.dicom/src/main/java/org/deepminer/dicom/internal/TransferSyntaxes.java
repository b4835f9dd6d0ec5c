package org.deepminer.dicom.internal;

import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The transfer syntaxes a reader may meet, by name, and which of them PixelMed (with its JPEG lossless
 * ImageIO plug-in and the JDK's JPEG reader) can decode here. Refusing before PixelMed starts decoding
 * gives the user the syntax's name rather than a codec's stack trace.
 */
final class TransferSyntaxes {
    private TransferSyntaxes() {}

    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    static final String RLE = "1.2.840.10008.1.2.5";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(JPEG_BASELINE, "JPEG Baseline (Process 1)"),
            Map.entry(JPEG_EXTENDED, "JPEG Extended (Process 2 & 4)"),
            Map.entry(JPEG_LOSSLESS, "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry(JPEG_LOSSLESS_SV1, "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)"),
            Map.entry(JPEG_LS_LOSSLESS, "JPEG-LS Lossless"),
            Map.entry(JPEG_LS_NEAR_LOSSLESS, "JPEG-LS Lossy (Near-Lossless)"),
            Map.entry(JPEG_2000_LOSSLESS, "JPEG 2000 (Lossless Only)"),
            Map.entry(JPEG_2000, "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
            Map.entry("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
            Map.entry("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
            Map.entry(RLE, "RLE Lossless"));

    /** Its name, or "unknown transfer syntax". */
    static String name(String uid) {
        return NAMES.getOrDefault(uid, "unknown transfer syntax");
    }

    static String describe(String uid) {
        return uid + " (" + name(uid) + ")";
    }

    /** Uncompressed: the pixel data's length is known from the header. */
    static boolean isNative(String uid) {
        return uid.isEmpty() || uid.equals(IMPLICIT_LE) || uid.equals(EXPLICIT_LE) || uid.equals(EXPLICIT_BE)
                || uid.equals(DEFLATED_LE);
    }

    /**
     * Why pixels in this syntax cannot be decoded here, or {@code null} when they can.
     *
     * @param bitsStored of the image: the JDK's JPEG reader handles 8-bit data only
     */
    static String whyNotDecodable(String uid, int bitsStored) {
        if (isNative(uid) || uid.equals(RLE)) {
            return null;
        }
        switch (uid) {
            case JPEG_BASELINE:
                return hasReader("jpeg") ? null : "no JPEG reader in this Java runtime";
            case JPEG_EXTENDED:
                if (bitsStored > 8) {
                    return "the JDK's JPEG reader decodes 8-bit JPEG only, and this image has " + bitsStored
                            + " bits stored";
                }
                return hasReader("jpeg") ? null : "no JPEG reader in this Java runtime";
            case JPEG_LOSSLESS:
            case JPEG_LOSSLESS_SV1:
                return hasReader("jpeg-lossless") ? null : "PixelMed's JPEG lossless ImageIO reader is not registered";
            case JPEG_LS_LOSSLESS:
            case JPEG_LS_NEAR_LOSSLESS:
                return hasReader("jpeg-ls") ? null : "PixelMed has no JPEG-LS decoder and no ImageIO plug-in for it is installed";
            case JPEG_2000_LOSSLESS:
            case JPEG_2000:
                return hasReader("jpeg2000") ? null : "PixelMed has no JPEG 2000 decoder and no ImageIO plug-in for it is installed";
            default:
                return NAMES.containsKey(uid) ? "PixelMed cannot decode it" : "it is not a transfer syntax this reader knows";
        }
    }

    private static boolean hasReader(String formatName) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        return readers.hasNext();
    }
}
