/** The launcher: plain Java outside OSGi. Not a bundle. */
package org.deepminer.launcher;
