/**
 * Expert and automatic unit labels: the durable annotation store.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.api.annotate;
