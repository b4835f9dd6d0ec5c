/**
 * The log's record framing and group commit, the store component and the commands. Private.
 */
package org.deepminer.annotate.internal;
