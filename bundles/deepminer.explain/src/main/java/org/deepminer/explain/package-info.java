/**
 * Explanations of single predictions (METHOD.md §6): the model's forward pass over one whole image kept with
 * its layer's activations ({@link org.deepminer.explain.ImageForward}), the ranking of units by
 * {@code w[c][k] * max A_k}, unit ablation through the pooling + linear head (the faithfulness measures of the
 * evaluation use it), and the sentence.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.explain;
