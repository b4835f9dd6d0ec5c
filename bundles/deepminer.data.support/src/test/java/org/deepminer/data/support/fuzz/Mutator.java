package org.deepminer.data.support.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid input file, the hostile inputs every reader's fuzz test feeds it: bit flips,
 * byte inserts and deletes, truncation, swapped fields, huge or odd numbers, wrong delimiters and repeated
 * runs. The same seed gives the same mutations on every machine, so a failure found in CI is reproduced by
 * the seed and the input's number.
 *
 * <p>Text inputs (CSV, .ics, .OVERLAY, XML) are mutated as text where it matters: numbers are numbers,
 * fields are what the delimiters separate. Binary inputs (DICOM, PNG, ONNX) get most of their positional
 * mutations in their first kilobyte, where the headers that readers trust lie; the bulk after it is pixels
 * or weights.
 */
public final class Mutator {

    /** What a mutation does. */
    public enum Kind {
        BIT_FLIP, INSERT, DELETE, TRUNCATE, SWAP_FIELDS, HUGE_NUMBER, WRONG_DELIMITER, REPEAT
    }

    /** A mutated input and what was done to it, for the failure report. */
    public record Mutation(byte[] bytes, String description) {}

    /** Numbers readers choke on: type limits, their neighbours, signs, exponents, not-a-number. */
    static final String[] ODD_NUMBERS = {"2147483647", "2147483648", "-2147483648", "4294967295", "4294967296",
        "9223372036854775807", "99999999999999999999999", "65535", "65536", "-1", "0", "-0", "1e309", "-1e309",
        "NaN", "Infinity", "0x7fffffff", "1.7976931348623157E308", "4.9e-324", "100000000"};
    /** Binary values readers trust as lengths, counts and dimensions. */
    private static final long[] ODD_WORDS = {0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0xFFFFL, 0x8000L, 0x7FFFL, 0L,
        0x10000L, 0x00FFFFFFL};
    private static final byte[] DELIMITERS = {',', ';', '\t', ' ', '\n', '\r', ':', '=', '(', ')', '[', ']', '<',
        '>', '"', '\'', '/', '#', '-', '_', '.'};
    /** Mutated inputs stay bounded: a repeat never makes an input larger than this. */
    private static final int MAX_GROWTH = 1 << 16;

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to four stacked mutations of random kinds. */
    public Mutation mutate(byte[] valid) {
        int stacked = 1;
        while (stacked < 4 && random.nextInt(3) == 0) {
            stacked++;
        }
        byte[] bytes = valid;
        List<String> done = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < stacked; i++) {
            Mutation m = mutate(bytes, kinds[random.nextInt(kinds.length)]);
            bytes = m.bytes();
            done.add(m.description());
        }
        return new Mutation(bytes, String.join("; ", done));
    }

    /** One mutation of the given kind. */
    public Mutation mutate(byte[] input, Kind kind) {
        if (input.length == 0) {
            byte[] one = {(byte) random.nextInt(256)};
            return new Mutation(one, "empty input: one random byte");
        }
        boolean text = isText(input);
        return switch (kind) {
            case BIT_FLIP -> bitFlips(input);
            case INSERT -> insert(input);
            case DELETE -> delete(input);
            case TRUNCATE -> truncate(input);
            case SWAP_FIELDS -> text ? swapTextFields(input) : swapRanges(input);
            case HUGE_NUMBER -> text ? oddNumber(input) : oddWord(input);
            case WRONG_DELIMITER -> wrongDelimiter(input);
            case REPEAT -> repeat(input, text);
        };
    }

    /** Mostly printable ASCII (or UTF-8 beyond it): treated as text. */
    static boolean isText(byte[] b) {
        int n = Math.min(b.length, 4096);
        int odd = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F) {
                odd++;
            }
        }
        return odd * 50 < n;
    }

    /** A position biased to the first kilobyte of binary input, where headers are. */
    private int position(byte[] b) {
        if (b.length > 1024 && random.nextInt(4) != 0) {
            return random.nextInt(1024);
        }
        return random.nextInt(b.length);
    }

    private Mutation bitFlips(byte[] in) {
        byte[] out = in.clone();
        int flips = 1 + random.nextInt(8);
        int first = -1;
        for (int i = 0; i < flips; i++) {
            int p = position(out);
            first = first < 0 ? p : first;
            out[p] ^= (byte) (1 << random.nextInt(8));
        }
        return new Mutation(out, flips + " bit flip(s), first at byte " + first);
    }

    private Mutation insert(byte[] in) {
        int p = position(in);
        int n = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
        byte[] add = new byte[n];
        switch (random.nextInt(3)) {
            case 0 -> random.nextBytes(add);
            case 1 -> Arrays.fill(add, (byte) (random.nextBoolean() ? 0 : 0xFF));
            default -> {
                for (int i = 0; i < n; i++) {
                    add[i] = DELIMITERS[random.nextInt(DELIMITERS.length)];
                }
            }
        }
        return new Mutation(splice(in, p, 0, add), n + " byte(s) inserted at " + p);
    }

    private Mutation delete(byte[] in) {
        int p = position(in);
        int n = Math.min(in.length - p, 1 + random.nextInt(random.nextBoolean() ? 4 : 128));
        return new Mutation(splice(in, p, n, new byte[0]), n + " byte(s) deleted at " + p);
    }

    private Mutation truncate(byte[] in) {
        int cut = random.nextInt(3) == 0 ? position(in) : random.nextInt(in.length);
        return new Mutation(Arrays.copyOf(in, cut), "truncated to " + cut + " of " + in.length + " bytes");
    }

    /** Swaps two fields of text, as delimiters separate them. */
    private Mutation swapTextFields(byte[] in) {
        List<int[]> fields = fields(in);
        if (fields.size() < 2) {
            return swapRanges(in);
        }
        int a = random.nextInt(fields.size());
        int b = random.nextInt(fields.size());
        if (a == b) {
            b = (a + 1) % fields.size();
        }
        int[] first = fields.get(Math.min(a, b));
        int[] second = fields.get(Math.max(a, b));
        byte[] x = Arrays.copyOfRange(in, first[0], first[1]);
        byte[] y = Arrays.copyOfRange(in, second[0], second[1]);
        byte[] out = splice(in, second[0], second[1] - second[0], x);
        out = splice(out, first[0], first[1] - first[0], y);
        return new Mutation(out, "fields '" + ascii(x) + "' and '" + ascii(y) + "' swapped");
    }

    private Mutation swapRanges(byte[] in) {
        int n = 1 + random.nextInt(16);
        if (in.length < 2 * n) {
            return bitFlips(in);
        }
        int room = in.length - 2 * n + 1;
        int a = random.nextInt(in.length > 1024 && random.nextBoolean() ? Math.min(room, 1024 - n) : room);
        int b = a + n + random.nextInt(in.length - a - 2 * n + 1);
        byte[] out = in.clone();
        System.arraycopy(in, a, out, b, n);
        System.arraycopy(in, b, out, a, n);
        return new Mutation(out, n + "-byte ranges at " + a + " and " + b + " swapped");
    }

    /** Replaces a run of digits with a number at or beyond a type's limit. */
    private Mutation oddNumber(byte[] in) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (Character.isDigit(in[i])) {
                int j = i;
                while (j < in.length && (Character.isDigit(in[j]) || in[j] == '.')) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            }
        }
        String number = ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
        if (runs.isEmpty()) {
            int p = random.nextInt(in.length + 1);
            return new Mutation(splice(in, p, 0, number.getBytes(StandardCharsets.US_ASCII)),
                    "number " + number + " inserted at " + p);
        }
        int[] r = runs.get(random.nextInt(runs.size()));
        return new Mutation(splice(in, r[0], r[1] - r[0], number.getBytes(StandardCharsets.US_ASCII)),
                "'" + ascii(Arrays.copyOfRange(in, r[0], r[1])) + "' at " + r[0] + " became " + number);
    }

    /** Overwrites a 16- or 32-bit word with a limit value, in either byte order. */
    private Mutation oddWord(byte[] in) {
        long v = ODD_WORDS[random.nextInt(ODD_WORDS.length)];
        int size = random.nextBoolean() ? 4 : 2;
        boolean big = random.nextInt(4) == 0;
        int p = Math.min(position(in), Math.max(0, in.length - size));
        byte[] out = in.clone();
        for (int i = 0; i < size && p + i < out.length; i++) {
            int shift = 8 * (big ? size - 1 - i : i);
            out[p + i] = (byte) (v >>> shift);
        }
        return new Mutation(out, String.format("%d-byte word at %d set to 0x%X%s", size, p, v & (size == 2 ? 0xFFFF : -1L),
                big ? " (big-endian)" : ""));
    }

    /** Replaces one delimiter (or, half the time, every occurrence of it) with another. */
    private Mutation wrongDelimiter(byte[] in) {
        List<Byte> present = new ArrayList<>();
        boolean[] seen = new boolean[256];
        for (byte b : in) {
            for (byte d : DELIMITERS) {
                if (b == d && !seen[b & 0xFF]) {
                    seen[b & 0xFF] = true;
                    present.add(b);
                }
            }
        }
        byte from = present.isEmpty() ? in[position(in)] : present.get(random.nextInt(present.size()));
        byte to = DELIMITERS[random.nextInt(DELIMITERS.length)];
        if (to == from) {
            to = DELIMITERS[(indexOf(DELIMITERS, to) + 1) % DELIMITERS.length];
        }
        byte[] out = in.clone();
        boolean all = random.nextBoolean();
        int count = 0;
        if (all) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] == from) {
                    out[i] = to;
                    count++;
                }
            }
        } else {
            int start = position(out);
            for (int k = 0; k < out.length; k++) {
                int i = (start + k) % out.length;
                if (out[i] == from) {
                    out[i] = to;
                    count = 1;
                    break;
                }
            }
        }
        return new Mutation(out, (all ? "every " : "one ") + "'" + ascii(new byte[] {from}) + "' became '"
                + ascii(new byte[] {to}) + "' (" + count + ")");
    }

    /** Repeats a line (text) or a range (binary) many times: repeated rows, long lines, deep nesting. */
    private Mutation repeat(byte[] in, boolean text) {
        int from;
        int to;
        if (text) {
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= in.length; i++) {
                if (i == in.length || in[i] == '\n') {
                    lines.add(new int[] {start, Math.min(in.length, i + 1)});
                    start = i + 1;
                }
            }
            int[] line = lines.get(random.nextInt(lines.size()));
            from = line[0];
            to = line[1];
            if (random.nextBoolean() && to - from > 2) {
                // a part of the line: a field or tag repeated within it
                int a = from + random.nextInt(to - from - 1);
                int b = a + 1 + random.nextInt(to - a - 1);
                from = a;
                to = b;
            }
        } else {
            from = position(in);
            to = Math.min(in.length, from + 1 + random.nextInt(32));
        }
        int n = to - from;
        if (n <= 0) {
            return insert(in);
        }
        int times = Math.max(1, Math.min(1 + random.nextInt(random.nextBoolean() ? 8 : 2000), MAX_GROWTH / n));
        byte[] chunk = Arrays.copyOfRange(in, from, to);
        byte[] block = new byte[n * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(chunk, 0, block, i * n, n);
        }
        return new Mutation(splice(in, to, 0, block), n + " byte(s) at " + from + " repeated " + times + " times");
    }

    /** Spans of bytes between delimiters. */
    private static List<int[]> fields(byte[] in) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= in.length; i++) {
            boolean delimiter = i == in.length || indexOf(DELIMITERS, in[i]) >= 0;
            if (!delimiter && start < 0) {
                start = i;
            } else if (delimiter && start >= 0) {
                out.add(new int[] {start, i});
                start = -1;
            }
        }
        return out;
    }

    private static int indexOf(byte[] set, byte b) {
        for (int i = 0; i < set.length; i++) {
            if (set[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static byte[] splice(byte[] in, int at, int remove, byte[] add) {
        byte[] out = new byte[in.length - remove + add.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(in, at + remove, out, at + add.length, in.length - at - remove);
        return out;
    }

    private static String ascii(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 24); i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return b.length > 24 ? sb + "..." : sb.toString();
    }
}
