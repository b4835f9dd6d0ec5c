/**
 * The run workspace: a folder with a provenance manifest, the unit table and each step's artefacts; steps whose inputs did not change are not recomputed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.core.run;
