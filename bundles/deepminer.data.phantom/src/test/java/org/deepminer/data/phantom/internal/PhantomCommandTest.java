package org.deepminer.data.phantom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.data.phantom.internal.io.RealDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomCommandTest {
    @TempDir
    Path tmp;

    @Test
    void generatesSummarisesAndSkipsARerun() throws Exception {
        PhantomCommand command = new PhantomCommand(RealDicom.get());
        Path dir = tmp.resolve("set");
        PhantomSummary first = command.phantom(5, 9, 128, "CC", 3.0, dir.toString());
        assertFalse(first.skipped());
        assertEquals(5, first.images());
        assertEquals(5, first.counts().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
        String text = first.toString();
        assertTrue(text.contains("Ceiling") && text.contains("malignant AUC") && text.contains(dir.toString()), text);
        PhantomSummary again = command.phantom(5, 9, 128, "CC", 3.0, dir.toString());
        assertTrue(again.skipped());
        assertTrue(again.toString().contains("kept"), again.toString());
        assertEquals(first.counts(), again.counts());
        // the data set source reads what the command wrote
        PhantomDatasetSource source = new PhantomDatasetSource(RealDicom.get());
        assertEquals("phantom", source.format());
        assertEquals(5, source.open(dir, DatasetOptions.strictDefaults()).samples().size());
    }

    @Test
    void refusesBadOptionsAndForeignFolders() throws Exception {
        PhantomCommand command = new PhantomCommand(RealDicom.get());
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> command.phantom(5, 9, 128, "CC,AP", 3.0, tmp.resolve("x").toString()));
        assertTrue(e.getMessage().contains("--views"), e.getMessage());
        Files.writeString(tmp.resolve("thesis.txt"), "do not delete");
        e = assertThrows(DeepMinerException.class, () -> command.phantom(2, 9, 128, "CC", 3.0, tmp.toString()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    /** The options work as the shell passes them, before or after the folder. */
    @Test
    void gogoParsesTheOptions() throws Exception {
        ThreadIOImpl threadIo = new ThreadIOImpl();
        threadIo.start();
        try {
            CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
            processor.addCommand("deepminer", new PhantomCommand(RealDicom.get()), "phantom");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                    new PrintStream(out));
            Path dir = tmp.resolve("gogo");
            Object result = session.execute("deepminer:phantom " + dir + " --cases 3 --size 128 --views MLO --seed 4");
            PhantomSummary summary = (PhantomSummary) result;
            assertEquals(3, summary.cases());
            assertEquals(3, summary.images());
            assertTrue(Files.exists(dir.resolve("reports/P_00001_" + "LEFT_MLO.json"))
                    || Files.exists(dir.resolve("reports/P_00001_RIGHT_MLO.json")));
            session.close();
        } finally {
            threadIo.stop();
        }
    }
}
