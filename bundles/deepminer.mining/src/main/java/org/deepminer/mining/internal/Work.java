package org.deepminer.mining.internal;

import java.util.List;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.FloatTensor;

/**
 * A batch ready for inference.
 *
 * @param samples the items' samples, in batch order
 * @param input {@code [n, channels, height, width]}
 * @param next where the pass stands once this batch is done
 */
record Work(List<Sample> samples, FloatTensor input, Position next) {
    static final Work END = new Work(List.of(), new FloatTensor(new int[] {0}, new float[0]), Position.START);
}
