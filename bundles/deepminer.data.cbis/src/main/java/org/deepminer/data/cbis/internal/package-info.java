/** The CBIS-DDSM reader: description CSVs, DICOM images and ROI mask DICOMs. Private. */
package org.deepminer.data.cbis.internal;
