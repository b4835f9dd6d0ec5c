/** The INbreast reader: INbreast.csv, DICOM images and OsiriX plist ROIs. Private. */
package org.deepminer.data.inbreast.internal;
