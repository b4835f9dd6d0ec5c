package org.deepminer.dicom.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered file stream that knows its position and can look ahead without moving, so that a value
 * length can be checked against the bytes left in the file before PixelMed allocates the value.
 */
final class CountingInput extends InputStream {
    private final BufferedInputStream in;
    private long position;
    private long marked;

    CountingInput(InputStream in, int bufferSize) {
        this.in = new BufferedInputStream(in, bufferSize);
    }

    long position() {
        return position;
    }

    /** Up to {@code into.length} bytes from the current position, which does not change. */
    int peek(byte[] into) throws IOException {
        in.mark(into.length);
        int got = in.readNBytes(into, 0, into.length);
        in.reset();
        // PixelMed's own mark (if any) is lost by this mark: it only marks while sniffing the preamble,
        // before any tag is seen, so the two never overlap
        return got;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        in.mark(readLimit);
        marked = position;
    }

    @Override
    public synchronized void reset() throws IOException {
        in.reset();
        position = marked;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
