/**
 * Concept vocabularies: the words (BI-RADS first) in which units and explanations are named.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.api.vocab;
