/**
 * Shared types of the DeepMiner plug-in contracts: the platform's exception and the service-property names that every plug-in family uses.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.api;
