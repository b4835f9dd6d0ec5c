package org.deepminer.mining.internal;

import org.deepminer.api.data.Sample;

/**
 * One item the model sees: a whole image or a patch, with its preprocessed input.
 *
 * @param sample the sample as the model saw it (the strategies get it with the forward results)
 * @param input {@code channels * height * width} preprocessed values
 * @param height input height
 * @param width input width
 */
record Item(Sample sample, float[] input, int height, int width) {}
