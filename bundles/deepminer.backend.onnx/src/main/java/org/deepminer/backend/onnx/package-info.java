/**
 * What the onnx backend offers besides its services: the random-weights control model of Network
 * Dissection ({@link org.deepminer.backend.onnx.RandomWeights}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.backend.onnx;
