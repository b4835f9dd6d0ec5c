/**
 * How command results present themselves: a command returns a DTO that is {@link
 * org.deepminer.shell.format.Tabular}, and the shell's one formatter prints it. Bundles that add their own
 * {@code deepminer:*} commands return such DTOs too, so every command prints alike.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.shell.format;
