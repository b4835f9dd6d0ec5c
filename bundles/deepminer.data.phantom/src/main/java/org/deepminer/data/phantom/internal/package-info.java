/** The phantom bundle's components: the {@code phantom} dataset source and the {@code deepminer:phantom} command. */
package org.deepminer.data.phantom.internal;
