package org.deepminer.api.data;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An opened data set. The sample list is read eagerly (it is small); images are read lazily, one
 * {@link #load} at a time, so a data set of any size streams in bounded memory and can be sharded by
 * handing out parts of {@link #samples()}. Thread-safe for concurrent {@link #load} calls.
 */
@ConsumerType
public interface Dataset extends AutoCloseable {

    /** The format name of the reader that opened it. */
    String format();

    /** All samples, in a stable order. */
    List<SampleRef> samples();

    /**
     * Reads one sample: its image in canonical orientation, metadata and ground truth.
     *
     * @throws org.deepminer.api.DeepMinerException naming the file and the problem
     */
    Sample load(SampleRef ref);

    /**
     * The ground truth of one sample without reading its image: counting concepts over a large data set
     * must not decode every mammogram. Readers whose annotations live apart from the image override it.
     */
    default GroundTruth truth(SampleRef ref) {
        return load(ref).truth();
    }

    /** Problems met so far in lenient mode: one line each, naming the file and line or tag. */
    List<String> problems();

    @Override
    default void close() {}
}
