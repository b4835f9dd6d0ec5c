/** The renderer component; nothing exported. */
package org.deepminer.render.dicomseg.internal;
