/** The BI-RADS vocabulary service and the {@code deepminer:concepts} command. Private. */
package org.deepminer.vocab.birads.internal;
