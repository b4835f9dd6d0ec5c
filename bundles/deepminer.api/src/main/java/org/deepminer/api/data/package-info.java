/**
 * Dataset sources: readers of mammography data sets that yield samples with ground truth.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.api.data;
