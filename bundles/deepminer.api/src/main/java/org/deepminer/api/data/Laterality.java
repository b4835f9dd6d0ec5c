package org.deepminer.api.data;

/** Which breast an image shows. */
public enum Laterality {
    LEFT, RIGHT, UNKNOWN
}
