/**
 * The platform's DICOM service: the one way bundles read and write DICOM. The implementation wraps
 * PixelMed; another toolkit could provide the same service from another bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.deepminer.dicom;
