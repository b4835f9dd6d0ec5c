package org.deepminer.mining.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    final AtomicLong now = new AtomicLong();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true);

    @Test
    void quietWhenNotAskedFor() {
        Progress p = new Progress(out, false, true, "images", now::get);
        p.startPass(0, 1, 100);
        now.set(5_000_000_000L);
        p.update(50, 50);
        p.finishPass(100, 100);
        assertEquals("", bytes.toString());
        assertFalse(p.printedAny());
    }

    @Test
    void aTerminalLineShowsCountRateAndEtaAndIsRedrawnInPlace() {
        Progress p = new Progress(out, true, true, "patches", now::get);
        p.startPass(1, 2, 200);
        now.set(500_000_000L);
        p.update(10, 80);
        assertEquals("", bytes.toString(), "not before about a second");
        now.set(10_000_000_000L);
        p.update(50, 400);
        // 50 of 200 images in 10 s: 150 to go at 5 per second is 30 s
        assertEquals("\rpass 2/2  50/200 images  400 patches  40.0 patches/s  ETA 0:30", bytes.toString());
        now.set(40_000_000_000L);
        p.finishPass(200, 1600);
        assertTrue(bytes.toString().endsWith("\rpass 2/2  200/200 images  1,600 patches  40.0 patches/s  in 0:40\n"),
                bytes.toString());
    }

    @Test
    void offATerminalALineEveryTenSeconds() {
        Progress p = new Progress(out, true, false, "images", now::get);
        p.startPass(0, 1, 1000);
        now.set(5_000_000_000L);
        p.update(10, 10);
        assertEquals("", bytes.toString());
        now.set(10_000_000_000L);
        p.update(100, 100);
        assertEquals("100/1,000 images  10.0 images/s  ETA 1:30\n", bytes.toString());
        assertEquals("1:01:01", Progress.clockTime(3661));
    }
}
