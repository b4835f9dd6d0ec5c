/**
 * Evaluation of a run: the plain records a collector hands over ({@link org.deepminer.eval.RunEvidence} and
 * its parts), {@link org.deepminer.eval.Evaluations} that turns them into figures each with its baselines
 * and ceiling, and {@link org.deepminer.eval.ReportWriter} that writes evaluation.json, report.html and a
 * plain-text summary.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.deepminer.eval;
