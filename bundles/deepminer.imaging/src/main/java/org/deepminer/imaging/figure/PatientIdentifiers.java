package org.deepminer.imaging.figure;

import org.deepminer.api.explain.RenderOptions;

/**
 * The patient identifiers an output may carry: those of {@link RenderOptions#extra()} when the user asked
 * to keep identifiers, none otherwise. Empty strings stand for "not written".
 *
 * @param name PatientName as DICOM writes it ({@code Family^Given})
 * @param id PatientID
 * @param birthDate PatientBirthDate, {@code yyyyMMdd}
 */
public record PatientIdentifiers(String name, String id, String birthDate) {
    /** Keys of {@link RenderOptions#extra()} that carry the source image's identifiers, as DICOM names them. */
    public static final String NAME = "PatientName";
    public static final String ID = "PatientID";
    public static final String BIRTH_DATE = "PatientBirthDate";

    public static final PatientIdentifiers NONE = new PatientIdentifiers("", "", "");

    public PatientIdentifiers {
        name = name == null ? "" : name.trim();
        id = id == null ? "" : id.trim();
        birthDate = birthDate == null ? "" : birthDate.trim();
    }

    /** What the options allow to be written: nothing unless {@link RenderOptions#keepIdentifiers()}. */
    public static PatientIdentifiers of(RenderOptions options) {
        if (options == null || !options.keepIdentifiers()) {
            return NONE;
        }
        return given(options);
    }

    /** The identifiers the options carry, whether or not they may be written. */
    static PatientIdentifiers given(RenderOptions options) {
        return new PatientIdentifiers(options.extra().get(NAME), options.extra().get(ID),
                options.extra().get(BIRTH_DATE));
    }

    public boolean isEmpty() {
        return name.isEmpty() && id.isEmpty() && birthDate.isEmpty();
    }
}
