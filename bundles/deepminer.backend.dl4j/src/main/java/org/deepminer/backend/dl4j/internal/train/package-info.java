/**
 * Training on mammogram patches: the architectures, the patch data (on org.deepminer.core.patch), the trainer
 * with its checkpoints, whole-image scoring, AUC and the model-bundle writer. Private.
 */
package org.deepminer.backend.dl4j.internal.train;
