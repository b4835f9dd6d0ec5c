package org.deepminer.backend.dl4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipFile;

/**
 * Network zips built entry by entry, for hostile inputs: entries stored rather than deflated (so that a byte
 * mutation lands in the JSON or the array header rather than in the deflate stream), in any order, and entries
 * that inflate to gigabytes from a couple of megabytes (made from one deflated megabyte repeated, without
 * compressing gigabytes).
 */
final class NetworkZips {
    private NetworkZips() {}

    /** One entry's bytes as they lie in the zip. */
    record Entry(String name, int method, byte[] data, long crc, long size) {
        static Entry stored(String name, byte[] content) {
            return new Entry(name, 0, content, crc(content), content.length);
        }

        static Entry deflated(String name, byte[] content) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            d.setInput(content);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            d.end();
            return new Entry(name, 8, out.toByteArray(), crc(content), content.length);
        }

        /** A deflated entry that inflates to {@code prefix} followed by {@code megabytes} MB of {@code fill}. */
        static Entry bomb(String name, byte[] prefix, int megabytes, byte fill) {
            byte[] mb = new byte[1 << 20];
            Arrays.fill(mb, fill);
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            flush(d, prefix, out);
            // after a full flush the next block refers to nothing before it: the same block inflates to each megabyte
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            flush(d, mb, block);
            byte[] b = block.toByteArray();
            for (int i = 0; i < megabytes; i++) {
                out.write(b, 0, b.length);
            }
            d.finish();
            byte[] buf = new byte[256];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            d.end();
            CRC32 crc = new CRC32();
            crc.update(prefix);
            for (int i = 0; i < megabytes; i++) {
                crc.update(mb);
            }
            return new Entry(name, 8, out.toByteArray(), crc.getValue(), prefix.length + ((long) megabytes << 20));
        }

        private static void flush(Deflater d, byte[] input, ByteArrayOutputStream out) {
            d.setInput(input);
            byte[] buf = new byte[1 << 16];
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
        }

        private static long crc(byte[] b) {
            CRC32 c = new CRC32();
            c.update(b);
            return c.getValue();
        }
    }

    /** The entries of a zip, inflated, in their order. */
    static Map<String, byte[]> entries(Path zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            var all = z.entries();
            while (all.hasMoreElements()) {
                var e = all.nextElement();
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The entries of a zip in the given order (names not listed follow), each stored or deflated. */
    static byte[] rewrite(Map<String, byte[]> entries, boolean stored, String... first) {
        List<String> order = new ArrayList<>(List.of(first));
        entries.keySet().stream().filter(n -> !order.contains(n)).forEach(order::add);
        List<Entry> out = new ArrayList<>();
        for (String n : order) {
            out.add(stored ? Entry.stored(n, entries.get(n)) : Entry.deflated(n, entries.get(n)));
        }
        return zip(out);
    }

    /** A zip of these entries: local headers and data, then the central directory (no zip64: under 4 GB each). */
    static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            ByteBuffer local = header(30 + name.length);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method())
                    .putInt(0).putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.size())
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.write(local.array(), 0, local.capacity());
            out.write(e.data(), 0, e.data().length);
            ByteBuffer c = header(46 + name.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                    .putShort((short) e.method()).putInt(0).putInt((int) e.crc()).putInt(e.data().length)
                    .putInt((int) e.size()).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(name);
            central.write(c.array(), 0, c.capacity());
        }
        int start = out.size();
        out.write(central.toByteArray(), 0, central.size());
        ByteBuffer end = header(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(central.size()).putInt(start).putShort((short) 0);
        out.write(end.array(), 0, end.capacity());
        return out.toByteArray();
    }

    private static ByteBuffer header(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * An array entry as ND4J's {@code Nd4j.write} lays it out: the shape information (rank, shape, strides,
     * extras, element-wise stride, order) and the values' header, then {@code values}.
     */
    static byte[] array(long[] shapeInformation, long count, String type, byte[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(shapeInformation.length);
            out.writeUTF("LONG");
            for (long v : shapeInformation) {
                out.writeLong(v);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(count);
            out.writeUTF(type);
            out.write(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
