/** The renderer component; nothing exported. */
package org.deepminer.render.png.internal;
