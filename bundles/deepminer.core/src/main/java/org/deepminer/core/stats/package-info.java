/**
 * Streaming, mergeable statistics with memory bounded by the model, never by the data set: top-k, quantile sketches with a stated error bound, IoU tallies
 * (in two passes, or in one with {@link org.deepminer.core.stats.TailTally}), AUC.
 * The accumulating classes are {@link java.io.Serializable} (checkpoints, and engines that ship accumulators
 * between machines), and merging split data gives the results of one pass (exactly its state, except for
 * {@code TailTally}, whose floors depend on the order but whose resolved figures do not).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.core.stats;
