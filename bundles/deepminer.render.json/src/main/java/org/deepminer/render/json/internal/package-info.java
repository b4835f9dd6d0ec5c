/** The renderer component; nothing exported. */
package org.deepminer.render.json.internal;
