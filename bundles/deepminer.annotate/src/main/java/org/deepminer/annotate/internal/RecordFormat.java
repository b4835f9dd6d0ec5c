package org.deepminer.annotate.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * How a log file frames its records, so that each one checks itself:
 *
 * <pre>
 * magic   4 bytes  0xA5D30A17, a sync mark to find the next record after damage
 * length  4 bytes  payload length, big-endian
 * crc     4 bytes  CRC-32C of the length bytes and the payload
 * payload          a kind byte ('H' the log's header, 'E' an entry) and UTF-8 JSON
 * </pre>
 *
 * A process killed in the middle of a write leaves a torn record at the end of the file. Reading never trusts
 * a record whose checksum fails: it skips forward to the next sync mark whose record checks out. Writers append
 * after whatever is in the file, torn bytes included, so opening never rewrites or truncates anything: earlier
 * records cannot be lost by a recovery that went wrong, and the torn bytes simply stay ignored.
 */
public final class RecordFormat {
    private RecordFormat() {}

    public static final int MAGIC = 0xA5D30A17;
    public static final int HEADER = 12;
    /** An entry is at most a few hundred KiB (16 answers of 4000 characters); anything longer is damage. */
    public static final int MAX_PAYLOAD = 1 << 20;
    public static final byte KIND_HEADER = 'H';
    public static final byte KIND_ENTRY = 'E';

    /** One record ready to write. */
    public static byte[] frame(byte kind, byte[] json) {
        int length = json.length + 1;
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + length + " bytes, at most " + MAX_PAYLOAD);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + length);
        b.putInt(MAGIC).putInt(length).putInt(0).put(kind).put(json);
        byte[] out = b.array();
        ByteBuffer.wrap(out, 8, 4).putInt(crc(out, 4, HEADER, length));
        return out;
    }

    /**
     * A record found in a file.
     *
     * @param offset where its magic starts
     * @param kind the kind byte
     * @param json offset and length of its JSON within the scanned bytes
     */
    public record Found(long offset, byte kind, int jsonStart, int jsonLength) {}

    /**
     * What a scan found.
     *
     * @param records the records that check out, in file order
     * @param ignoredBytes bytes that are part of no valid record (gaps and the torn tail)
     * @param tornTailBytes bytes after the last valid record
     * @param gaps runs of ignored bytes followed by a valid record (a torn tail a later session wrote after)
     */
    public record Scan(List<Found> records, long ignoredBytes, long tornTailBytes, int gaps) {}

    public static Scan scan(byte[] data, int size) {
        List<Found> records = new ArrayList<>();
        long ignored = 0;
        int gaps = 0;
        int gapStart = -1;
        int lastEnd = 0;
        int pos = 0;
        while (pos + HEADER <= size) {
            if (readInt(data, pos) == MAGIC) {
                int length = readInt(data, pos + 4);
                if (length >= 1 && length <= MAX_PAYLOAD && (long) pos + HEADER + length <= size
                        && readInt(data, pos + 8) == crc(data, pos + 4, pos + HEADER, length)) {
                    if (gapStart >= 0) {
                        ignored += pos - gapStart;
                        gaps++;
                        gapStart = -1;
                    }
                    records.add(new Found(pos, data[pos + HEADER], pos + HEADER + 1, length - 1));
                    pos += HEADER + length;
                    lastEnd = pos;
                    continue;
                }
            }
            if (gapStart < 0) {
                gapStart = pos;
            }
            pos++;
        }
        long tail = size - lastEnd;
        return new Scan(records, ignored + tail, tail, gaps);
    }

    private static int crc(byte[] data, int lengthAt, int payloadAt, int payloadLength) {
        CRC32C c = new CRC32C();
        c.update(data, lengthAt, 4);
        c.update(data, payloadAt, payloadLength);
        return (int) c.getValue();
    }

    private static int readInt(byte[] d, int p) {
        return (d[p] & 0xff) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | d[p + 3] & 0xff;
    }
}
