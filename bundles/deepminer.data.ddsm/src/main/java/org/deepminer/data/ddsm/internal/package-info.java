/** The DDSM reader: .ics case files, .OVERLAY chain codes and converted images. Private. */
package org.deepminer.data.ddsm.internal;
