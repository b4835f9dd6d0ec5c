package org.deepminer.dicom;

/**
 * Who and what a written object belongs to. Synthetic data uses obviously synthetic values.
 *
 * @param patientId PatientID (0010,0020)
 * @param patientName PatientName (0010,0010)
 * @param studyInstanceUid StudyInstanceUID; derived objects keep their source's
 * @param seriesInstanceUid SeriesInstanceUID
 * @param sopInstanceUid SOPInstanceUID
 * @param studyDate StudyDate as yyyyMMdd
 * @param accessionNumber AccessionNumber, may be empty
 * @param patientBirthDate PatientBirthDate (0010,0030) as yyyyMMdd; empty writes it empty. Like name and id, an
 *        identifier: callers give it only where the user asked to keep identifiers
 */
public record DicomIdentity(String patientId, String patientName, String studyInstanceUid, String seriesInstanceUid,
        String sopInstanceUid, String studyDate, String accessionNumber, String patientBirthDate) {

    /** An identity without birth date, as before the birth date was part of it. */
    public DicomIdentity(String patientId, String patientName, String studyInstanceUid, String seriesInstanceUid,
            String sopInstanceUid, String studyDate, String accessionNumber) {
        this(patientId, patientName, studyInstanceUid, seriesInstanceUid, sopInstanceUid, studyDate, accessionNumber, "");
    }
}
