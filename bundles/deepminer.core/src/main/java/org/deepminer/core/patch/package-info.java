/**
 * Patch tiling of mammograms (the DeepMiner recipe): tiles of a fraction of the image width at half-tile stride, breast and lesion coverage rules, patch samples with their masks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.core.patch;
