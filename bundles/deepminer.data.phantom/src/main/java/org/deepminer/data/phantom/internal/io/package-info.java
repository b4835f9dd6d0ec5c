/** Writing and reading phantom data sets: reports, masks, DDSM and CBIS-DDSM files, PNG. */
package org.deepminer.data.phantom.internal.io;
