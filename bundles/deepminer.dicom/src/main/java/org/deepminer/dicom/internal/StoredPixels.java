package org.deepminer.dicom.internal;

/**
 * The stored values of one greyscale frame, read straight from PixelMed's pixel array: the bits between
 * HighBit and HighBit - BitsStored + 1 of each 8- or 16-bit cell, sign-extended when PixelRepresentation
 * is 1. No per-pixel objects: {@link #get} is a few integer operations the JIT inlines.
 */
final class StoredPixels {
    private final short[] words;
    private final byte[] bytes;
    private final int count;
    private final int shift;
    private final int mask;
    private final boolean signed;
    private final int signBit;

    private StoredPixels(short[] words, byte[] bytes, int count, int bitsStored, int highBit, boolean signed) {
        this.words = words;
        this.bytes = bytes;
        this.count = count;
        this.shift = highBit + 1 - bitsStored;
        this.mask = (1 << bitsStored) - 1;
        this.signed = signed;
        this.signBit = 1 << (bitsStored - 1);
    }

    /** Pixels in 16-bit cells. */
    static StoredPixels ofWords(short[] words, int count, int bitsStored, int highBit, boolean signed) {
        return new StoredPixels(words, null, count, bitsStored, highBit, signed);
    }

    /** Pixels in 8-bit cells. */
    static StoredPixels ofBytes(byte[] bytes, int count, int bitsStored, int highBit, boolean signed) {
        return new StoredPixels(null, bytes, count, bitsStored, highBit, signed);
    }

    int count() {
        return count;
    }

    /** The smallest value BitsStored and PixelRepresentation allow. */
    int lowest() {
        return signed ? -signBit : 0;
    }

    /** The largest value BitsStored and PixelRepresentation allow. */
    int highest() {
        return signed ? signBit - 1 : mask;
    }

    int get(int i) {
        int cell = words != null ? words[i] & 0xFFFF : bytes[i] & 0xFF;
        int v = (cell >>> shift) & mask;
        return signed && (v & signBit) != 0 ? v - (mask + 1) : v;
    }
}
