/**
 * Evaluators: figures that measure a run, each printed beside its baseline and ceiling.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.api.eval;
