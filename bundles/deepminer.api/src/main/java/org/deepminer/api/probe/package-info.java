/**
 * Probe strategies: streaming, mergeable statistics computed from one forward pass over a data set.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.api.probe;
