/**
 * Streaming, mergeable statistics with memory bounded by the model, never by the data set: top-k, quantile sketches with a stated error bound, IoU tallies, AUC.
 * The accumulating classes are {@link java.io.Serializable} (checkpoints, and engines that ship accumulators
 * between machines), and merging split data gives exactly the state of one pass.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.core.stats;
