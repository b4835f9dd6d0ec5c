package org.deepminer.dicom.internal;

import java.util.Map;

/**
 * Mammography views (DICOM CID 4014 "View for Mammography"): the ViewPosition abbreviation for each
 * View Code Sequence code, with the retired SNOMED-RT codes older files still carry.
 */
final class Views {
    private Views() {}

    /** One view: its abbreviation, SNOMED CT code and code meaning. */
    record View(String abbreviation, String code, String meaning) {}

    private static final Map<String, View> BY_ABBREVIATION = Map.ofEntries(
            entry("ML", "399260004", "medio-lateral"),
            entry("MLO", "399368009", "medio-lateral oblique"),
            entry("LM", "399352003", "latero-medial"),
            entry("LMO", "399099002", "latero-medial oblique"),
            entry("CC", "399162004", "cranio-caudal"),
            entry("FB", "399196006", "caudo-cranial (from below)"),
            entry("SIO", "399188001", "superolateral to inferomedial oblique"),
            entry("ISO", "441555000", "inferomedial to superolateral oblique"),
            entry("XCCL", "399192008", "cranio-caudal exaggerated laterally"),
            entry("XCCM", "399101009", "cranio-caudal exaggerated medially"),
            entry("XCC", "399265009", "cranio-caudal exaggerated"),
            entry("SPECIMEN", "127457009", "tissue specimen from breast"));

    /** Code value (SCT, or the retired SRT value) to abbreviation. */
    private static final Map<String, String> BY_CODE = Map.ofEntries(
            Map.entry("399260004", "ML"), Map.entry("R-10224", "ML"),
            Map.entry("399368009", "MLO"), Map.entry("R-10226", "MLO"),
            Map.entry("399352003", "LM"), Map.entry("R-10228", "LM"),
            Map.entry("399099002", "LMO"), Map.entry("R-10230", "LMO"),
            Map.entry("399162004", "CC"), Map.entry("R-10242", "CC"),
            Map.entry("399196006", "FB"), Map.entry("R-10244", "FB"),
            Map.entry("399188001", "SIO"), Map.entry("R-102D0", "SIO"),
            Map.entry("441555000", "ISO"), Map.entry("R-40AAA", "ISO"),
            Map.entry("399192008", "XCCL"), Map.entry("R-1024A", "XCCL"),
            Map.entry("399101009", "XCCM"), Map.entry("R-1024B", "XCCM"),
            Map.entry("399265009", "XCC"), Map.entry("R-1024C", "XCC"),
            Map.entry("127457009", "SPECIMEN"), Map.entry("G-8310", "SPECIMEN"));

    private static Map.Entry<String, View> entry(String abbreviation, String code, String meaning) {
        return Map.entry(abbreviation, new View(abbreviation, code, meaning));
    }

    /** The view for a ViewPosition value, or {@code null}. */
    static View byAbbreviation(String abbreviation) {
        return BY_ABBREVIATION.get(abbreviation);
    }

    /** The abbreviation for a View Code Sequence code value, or empty when it is not a mammography view. */
    static String abbreviationOfCode(String codeValue) {
        return BY_CODE.getOrDefault(codeValue == null ? "" : codeValue.trim(), "");
    }
}
