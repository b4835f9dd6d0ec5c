package org.deepminer.api.vocab;

/**
 * A coded concept, as DICOM writes it: {@code (value, scheme, "meaning")}.
 *
 * @param scheme coding scheme designator, e.g. {@code SCT} or {@code DCM}
 * @param value code value, e.g. {@code 129742005}
 * @param meaning code meaning, e.g. {@code Spiculated}
 */
public record Code(String scheme, String value, String meaning) {}
