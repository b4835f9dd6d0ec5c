/**
 * What every dataset reader needs and should do the same way: the spellings of "no value", the
 * strict/lenient problem list, resolving dataset terms through a vocabulary with a token-by-token
 * fallback, case-level splits from {@code splits.csv} or a stable hash of the case id, and BI-RADS
 * assessments as data sets spell them (1.1.0), line numbers and lenient reading of text files, and a listing
 * reconciled with the DICOM header (1.2.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.deepminer.data.support;
