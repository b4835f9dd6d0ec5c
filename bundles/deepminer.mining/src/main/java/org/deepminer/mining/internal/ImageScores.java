package org.deepminer.mining.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.mining.ClassMaps;

/**
 * {@code image-scores.csv} of whole-image mode: per image, the model's class probabilities and the
 * whole-image scores of METHOD.md §1 (the maximum of each class-probability map, the head applied as a 1x1
 * convolution). Rows are appended as batches finish (their order depends on the workers); a checkpoint
 * records the file's length, so a resumed pass cuts off what came after it.
 */
final class ImageScores implements Pass.Listener, AutoCloseable {

    static final String FILE = "image-scores.csv";

    private final ClassifierHead head;
    private final List<String> classes;
    private final RandomAccessFile file;

    ImageScores(Path run, ClassifierHead head, List<String> classes, long resumeAt) throws IOException {
        this.head = head;
        this.classes = classes;
        this.file = new RandomAccessFile(run.resolve(FILE).toFile(), "rw");
        if (resumeAt > 0 && resumeAt <= file.length()) {
            file.setLength(resumeAt);
            file.seek(resumeAt);
        } else {
            file.setLength(0);
            StringBuilder header = new StringBuilder("id,label,split");
            for (String c : classes) {
                header.append(',').append(c).append("_probability");
            }
            for (String c : classes) {
                header.append(',').append(c).append("_map_max");
            }
            file.write((header + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void batch(List<Sample> samples, ForwardResult result, FloatTensor activations) {
        FloatTensor maps = ClassMaps.probabilities(activations, head);
        float[] scores = ClassMaps.imageScores(maps);
        float[] p = result.probabilities().data();
        int c = classes.size();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            b.append(csv(s.id())).append(',').append(s.ref().label()).append(',').append(s.ref().split().label());
            for (int k = 0; k < c; k++) {
                b.append(',').append(String.format(Locale.ROOT, "%.6f", p[i * c + k]));
            }
            for (int k = 0; k < c; k++) {
                b.append(',').append(String.format(Locale.ROOT, "%.6f", scores[i * c + k]));
            }
            b.append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                file.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The bytes written so far; called while no batch is in flight. */
    synchronized long length() throws IOException {
        return file.getFilePointer();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    private static String csv(String cell) {
        return cell.indexOf(',') < 0 && cell.indexOf('"') < 0 ? cell : '"' + cell.replace("\"", "\"\"") + '"';
    }
}
