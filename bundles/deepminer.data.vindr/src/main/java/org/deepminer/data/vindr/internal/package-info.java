/** The VinDr-Mammo reader: annotation CSVs and DICOM images. Private. */
package org.deepminer.data.vindr.internal;
