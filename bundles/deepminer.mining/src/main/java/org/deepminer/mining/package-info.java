/**
 * Mining units: the probe runner (one forward pass feeding every probe strategy, resumable run folders),
 * the model input preprocessing shared with explanations, and whole-image class maps.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.mining;
