/**
 * Pictures of explanations, shared by the renderers: the shown units' maps normalised jointly and
 * upsampled onto the image, their hot areas, the figure (mammogram, overlay with colour bar, a panel per
 * unit, the class-probability map, ground-truth outlines, the sentence as title), and the words and
 * privacy rules every renderer prints by.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.imaging.figure;
