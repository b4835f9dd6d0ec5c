package org.deepminer.data.phantom.internal.model;

/** The case-level prior a breast is drawn from; the class follows from the lesions' pathologies. */
public enum CaseType {
    NORMAL("normal"), BENIGN_LEANING("benign-leaning"), MALIGNANT_LEANING("malignant-leaning");

    private final String label;

    CaseType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
