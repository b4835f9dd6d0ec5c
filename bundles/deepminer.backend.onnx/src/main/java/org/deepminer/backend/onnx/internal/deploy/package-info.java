/**
 * Model bundles and deploy/ model files become {@link org.deepminer.api.model.Model} services: the bundle
 * extender, the FileInstall installer, and the writer of model bundles. Private.
 */
package org.deepminer.backend.onnx.internal.deploy;
