/**
 * Pictures of images, maps and masks: bilinear resampling with half-pixel centres (the same as
 * PyTorch's {@code align_corners=False}), colour maps, overlays with outlines and labels, montages, PNG.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.imaging;
