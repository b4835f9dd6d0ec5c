/**
 * Unit labels: the durable annotation log behind the {@link org.deepminer.api.annotate.AnnotationStore} service
 * ({@link org.deepminer.annotate.AnnotationLog}, also usable outside OSGi), the rules every entry obeys, CSV and
 * JSON exchange files, the effective label of each unit (expert consensus over automatic labels) and
 * inter-annotator agreement (Cohen's and Fleiss' kappa). Plain Java: the Explainer, evaluation and the web UI use
 * these helpers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.deepminer.annotate;
