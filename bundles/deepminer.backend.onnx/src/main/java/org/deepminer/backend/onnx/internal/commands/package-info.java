/**
 * The model commands: deepminer:models, layers, predict and package-model, and the image input they share.
 * They work on any registered Model, whatever its backend. Private.
 */
package org.deepminer.backend.onnx.internal.commands;
