/** The ONNX exporter for Deeplearning4j networks. Private. */
package org.deepminer.backend.dl4j.internal.onnx;
