/**
 * Explanations of one prediction and the renderers that write them (text, JSON, HTML, DICOM...).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.api.explain;
