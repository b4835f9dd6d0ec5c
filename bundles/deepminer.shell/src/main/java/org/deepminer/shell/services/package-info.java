/**
 * What commands share about the services they pick by name (dataset sources by format, renderers by format,
 * models and vocabularies by name): a dynamic list bound by Declarative Services and one wording for "not
 * there", which names what is registered and how to get more.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.shell.services;
