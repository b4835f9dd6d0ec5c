/** The renderer component; nothing exported. */
package org.deepminer.render.dicomsc.internal;
