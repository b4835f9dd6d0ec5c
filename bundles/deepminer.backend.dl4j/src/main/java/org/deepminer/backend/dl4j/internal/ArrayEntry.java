package org.deepminer.backend.dl4j.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deepminer.api.DeepMinerException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;

/**
 * Checks an array entry of a network zip ({@code coefficients.bin}, {@code updaterState.bin}: what ND4J's
 * {@code Nd4j.write} makes) before ND4J reads it. ND4J allocates what the header declares before it reads a
 * single value, builds the array from the stored shape and strides without checking them against the values,
 * and the zip entry itself may inflate without bound. So the entry is streamed once, counting what it inflates
 * to, and must be a dense array that holds exactly the values it declares.
 *
 * <p>The layout: two buffers, the shape information and the values, each a header (the allocation mode in
 * modified UTF-8, the count as an int for the old modes or a long for the newer ones, the element type's name)
 * followed by the elements, big-endian. The shape information is rank, shape, strides, extras (the element
 * type's bits), element-wise stride and order.
 */
final class ArrayEntry {
    private ArrayEntry() {}

    /** ND4J's largest rank. */
    static final int MAX_RANK = 32;

    private static final int C = 'c';
    private static final int F = 'f';

    /** The header of one buffer. */
    private record Header(long count, String type, int width) {}

    /**
     * @param cap most bytes the entry may inflate to
     * @param expected the number of values the network has room for
     * @param why where that number comes from, for the message
     * @return whether the entry holds an array; an empty one holds none
     * @throws DeepMinerException naming the file and the entry when it is not such an array, is truncated,
     *         holds more or other than it declares or than the network has, or inflates past the cap
     */
    static boolean check(ZipFile zip, ZipEntry entry, long cap, long expected, String why, String label) {
        String name = entry.getName();
        try (Limited limited = new Limited(zip.getInputStream(entry), cap);
                DataInputStream in = new DataInputStream(new BufferedInputStream(limited, 1 << 16))) {
            in.mark(1);
            if (in.read() < 0) {
                return false; // a network without parameters
            }
            in.reset();
            Header shapeHeader = header(in, name, label, "shape");
            if (!shapeHeader.type().equals("LONG") && !shapeHeader.type().equals("INT")) {
                throw refuse(label, name, "stores its shape as " + shapeHeader.type() + ", not as integers");
            }
            if (shapeHeader.count() < 4 || shapeHeader.count() > 2 * MAX_RANK + 4) {
                throw refuse(label, name, "has " + shapeHeader.count() + " entries of shape information; an array "
                        + "of rank 0 to " + MAX_RANK + " has 4 to " + (2 * MAX_RANK + 4));
            }
            long[] info = new long[(int) shapeHeader.count()];
            for (int i = 0; i < info.length; i++) {
                info[i] = shapeHeader.width() == 8 ? in.readLong() : in.readInt();
            }
            long values = dense(info, name, label);
            Header data = header(in, name, label, "values");
            if (data.count() != values) {
                throw refuse(label, name, "has the shape " + Arrays.toString(shape(info)) + " (" + values
                        + " values) but stores " + data.count());
            }
            long need = data.count() > Long.MAX_VALUE / data.width() ? Long.MAX_VALUE : data.count() * data.width();
            if (need > cap) {
                throw refuse(label, name, "declares " + data.count() + " " + data.type() + " values (" + mb(need)
                        + "), more than an entry of this file may hold (" + mb(cap) + ")");
            }
            if (data.count() != expected) {
                throw refuse(label, name, "holds " + data.count() + " values, but " + why);
            }
            // the element type is stored twice, in the shape's extras and before the values: they must agree, so
            // that no array is built over a buffer of another width
            DataType stored = DataType.valueOf(data.type());
            DataType declared;
            try {
                declared = ArrayOptionsHelper.dataType(info[2 * (int) info[0] + 1]);
            } catch (RuntimeException e) {
                declared = null;
            }
            if (declared != stored) {
                throw refuse(label, name, "declares its values as " + (declared == null ? "no known type" : declared)
                        + " in its shape but stores " + stored);
            }
            long held = 0;
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0;) {
                held += r;
                if (held > need) {
                    throw refuse(label, name, "holds more than its " + data.count() + " " + data.type() + " values ("
                            + need + " bytes)");
                }
            }
            if (held < need) {
                throw refuse(label, name, "is truncated: " + held + " of its " + need + " bytes of values");
            }
            return true;
        } catch (Limited.TooLong e) {
            throw refuse(label, name, "inflates past " + mb(cap) + ": a deflate bomb, not a network's values");
        } catch (EOFException e) {
            throw refuse(label, name, "is truncated in its header");
        } catch (IOException e) {
            throw refuse(label, name, "does not read: " + e.getMessage());
        }
    }

    /** The values a dense array of this shape information holds; refuses any other layout. */
    private static long dense(long[] info, String name, String label) {
        long rank = info[0];
        if (rank < 0 || rank > MAX_RANK || info.length != 2 * rank + 4) {
            throw refuse(label, name, "declares rank " + rank + " in " + info.length + " entries of shape information");
        }
        int r = (int) rank;
        long[] shape = shape(info);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw refuse(label, name, "has a negative dimension in its shape " + Arrays.toString(shape));
            }
            count = d == 0 || count == 0 ? 0 : (count > Long.MAX_VALUE / d ? -1 : count * d);
            if (count < 0) {
                throw refuse(label, name, "has the shape " + Arrays.toString(shape) + ", more values than a long counts");
            }
        }
        long order = info[2 * r + 3];
        if (order != C && order != F) {
            throw refuse(label, name, "has the order " + order + ", neither 'c' nor 'f'");
        }
        if (count == 0) {
            return 0;
        }
        // ND4J walks the values by these strides without checking them: they must be the dense ones
        long expected = 1;
        for (int k = 0; k < r; k++) {
            int i = order == C ? r - 1 - k : k;
            long stride = info[1 + r + i];
            if (shape[i] > 1 && stride != expected) {
                throw refuse(label, name, "has the strides " + Arrays.toString(Arrays.copyOfRange(info, 1 + r, 1 + 2 * r))
                        + ", not those of a dense " + (char) order + "-order array of shape " + Arrays.toString(shape));
            }
            expected *= shape[i];
        }
        long elementWise = info[2 * r + 2];
        if (elementWise != 1) {
            throw refuse(label, name, "has the element-wise stride " + elementWise + "; a dense array has 1");
        }
        return count;
    }

    private static long[] shape(long[] info) {
        int r = (int) Math.max(0, Math.min(info[0], (info.length - 4) / 2));
        return Arrays.copyOfRange(info, 1, 1 + r);
    }

    private static Header header(DataInputStream in, String name, String label, String what) throws IOException {
        String mode = in.readUTF();
        long count = switch (mode) {
            case "DIRECT", "HEAP", "JAVACPP" -> in.readInt();
            case "LONG_SHAPE", "MIXED_DATA_TYPES" -> in.readLong();
            default -> throw refuse(label, name, "has the unknown allocation mode '" + printable(mode) + "' for its " + what);
        };
        String type = in.readUTF();
        int width = switch (type) {
            case "DOUBLE", "LONG", "UINT64" -> 8;
            case "FLOAT", "INT", "UINT32" -> 4;
            case "HALF", "BFLOAT16", "SHORT", "UINT16" -> 2;
            case "BYTE", "UBYTE", "BOOL" -> 1;
            default -> throw refuse(label, name, "stores its " + what + " as '" + printable(type)
                    + "', not a plain numeric type");
        };
        if (count < 0) {
            throw refuse(label, name, "declares " + count + " entries for its " + what);
        }
        return new Header(count, type, width);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }

    private static DeepMinerException refuse(String label, String entry, String problem) {
        return new DeepMinerException(label, entry + " " + problem);
    }

    /** An inflating stream that stops at a number of bytes: a deflate bomb is refused, never read whole. */
    static final class Limited extends FilterInputStream {
        /** Thrown when the stream goes on past its limit. */
        static final class TooLong extends IOException {
            private static final long serialVersionUID = 1L;

            TooLong(long limit) {
                super("more than " + limit + " bytes");
            }
        }

        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                counted(r);
            }
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            if (s > 0) {
                counted(s);
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) throws TooLong {
            count += n;
            if (count > limit) {
                throw new TooLong(limit);
            }
        }
    }
}
