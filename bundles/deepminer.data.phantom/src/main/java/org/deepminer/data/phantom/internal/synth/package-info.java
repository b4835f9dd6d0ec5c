/** Image synthesis: plain Java, no OSGi, deterministic from a seed. */
package org.deepminer.data.phantom.internal.synth;
