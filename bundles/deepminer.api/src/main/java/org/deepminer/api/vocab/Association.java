package org.deepminer.api.vocab;

/** What a concept typically suggests about pathology. */
public enum Association {
    BENIGN, SUSPICIOUS, NEUTRAL
}
