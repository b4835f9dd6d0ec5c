/** Statistics and rendering behind {@link org.deepminer.eval.Evaluations} and {@link org.deepminer.eval.ReportWriter}. */
package org.deepminer.eval.internal;
