package org.deepminer.core.stats;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Exact sums of floats, one per slot. A floating-point sum depends on the order of its terms, so split
 * data merged would not give the bits of one pass; these sums are exact integers in units of
 * {@code 2^-149} (every float is one), so any order and any merge give the same value.
 *
 * <p>Each slot holds ten 32-bit digits in longs; a float adds its 24-bit mantissa, shifted, to one digit,
 * and the digits are carried every 128 additions, long before a long can overflow.
 */
public final class ExactSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int DIGITS = 10;
    private static final int CARRY_EVERY = 128;
    private static final BigDecimal UNIT = BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(149)));

    private final int slots;
    private final long[] digits;
    private final int[] pending;

    public ExactSums(int slots) {
        this.slots = slots;
        this.digits = new long[slots * DIGITS];
        this.pending = new int[slots];
    }

    public int slots() {
        return slots;
    }

    /** @throws IllegalArgumentException for an infinite or NaN value */
    public void add(int slot, float value) {
        if (value == 0f) {
            return;
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("cannot sum " + value + " exactly");
        }
        int bits = Float.floatToRawIntBits(value);
        int exponent = (bits >>> 23) & 0xff;
        long mantissa = bits & 0x7fffff;
        int position; // value = mantissa * 2^(position - 149)
        if (exponent == 0) {
            position = 0;
        } else {
            mantissa |= 0x800000;
            position = exponent - 1;
        }
        long term = mantissa << (position & 31);
        digits[slot * DIGITS + (position >>> 5)] += bits < 0 ? -term : term;
        if (++pending[slot] >= CARRY_EVERY) {
            carry(slot);
        }
    }

    /** The sum, rounded once to a double (the same bits whatever the order of additions). */
    public double value(int slot) {
        carry(slot);
        BigInteger sum = BigInteger.valueOf(digits[slot * DIGITS + DIGITS - 1]);
        for (int d = DIGITS - 2; d >= 0; d--) {
            sum = sum.shiftLeft(32).add(BigInteger.valueOf(digits[slot * DIGITS + d]));
        }
        return sum.signum() == 0 ? 0.0 : new BigDecimal(sum).multiply(UNIT).doubleValue();
    }

    public void merge(ExactSums other) {
        if (other.slots != slots) {
            throw new IllegalArgumentException("cannot merge " + other.slots + " sums into " + slots);
        }
        for (int s = 0; s < slots; s++) {
            carry(s);
            other.carry(s);
            for (int d = 0; d < DIGITS; d++) {
                digits[s * DIGITS + d] += other.digits[s * DIGITS + d];
            }
            carry(s);
        }
    }

    /** Brings digits 0..8 into [0, 2^32), the sign into the top digit: one form per value. */
    private void carry(int slot) {
        int base = slot * DIGITS;
        for (int d = 0; d < DIGITS - 1; d++) {
            long v = digits[base + d];
            digits[base + d] = v & 0xffffffffL;
            digits[base + d + 1] += v >> 32;
        }
        pending[slot] = 0;
    }
}
