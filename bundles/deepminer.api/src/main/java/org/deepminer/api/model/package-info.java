/**
 * Model backends, loaded models and the model services that model bundles become.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.deepminer.api.model;
