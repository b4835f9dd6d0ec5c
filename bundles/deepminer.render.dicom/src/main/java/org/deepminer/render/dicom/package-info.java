/** What the DICOM explanation renderers share around the DICOM service. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.render.dicom;
