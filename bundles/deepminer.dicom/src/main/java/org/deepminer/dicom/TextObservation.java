package org.deepminer.dicom;

import org.deepminer.api.vocab.Code;

/**
 * A free-text observation about a finding (an SR TEXT item), e.g. a unit's label.
 *
 * @param concept what the text says something about
 * @param text the text, not empty
 */
public record TextObservation(Code concept, String text) {}
