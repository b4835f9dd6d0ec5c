/** The command components. Private. */
package org.deepminer.shell.internal;
