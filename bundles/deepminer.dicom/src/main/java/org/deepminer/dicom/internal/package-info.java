/** The PixelMed implementation of the DICOM service; private to this bundle, like PixelMed itself. */
package org.deepminer.dicom.internal;
