/**
 * The onnx model backend: ONNX Runtime sessions, the graph analysis (layers, shapes, the pooling + linear
 * head) and the graph edit that exposes intermediate tensors. Private.
 */
package org.deepminer.backend.onnx.internal;
