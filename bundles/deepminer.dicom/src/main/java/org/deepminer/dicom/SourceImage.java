package org.deepminer.dicom;

import java.util.List;
import java.util.Map;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;

/**
 * The image a derived object (report, segmentation) refers to, and the pixel space that object's
 * coordinates and pixels are given in.
 *
 * @param studyInstanceUid StudyInstanceUID of the source; the derived object stays in this study
 * @param seriesInstanceUid SeriesInstanceUID of the source (for the evidence and instance references)
 * @param sopClassUid SOPClassUID of the source image
 * @param sopInstanceUid SOPInstanceUID of the source image
 * @param width columns of the source image
 * @param height rows of the source image
 * @param laterality the breast, for the finding site and the image library entry; UNKNOWN leaves them out
 * @param patientOrientation PatientOrientation (0020,0020) of the source as stored (row direction, column
 *        direction, e.g. {@code A}, {@code R}); empty when unknown. A projection image has no frame of
 *        reference, so a segmentation carries this instead
 * @param flipped the coordinates and pixels handed over are mirrored left-right against the stored source,
 *        as the platform's canonical images are when {@link ImageMetadata#flipped()}; the writers mirror
 *        them back, so that the written object lines up with the stored source image
 */
public record SourceImage(String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
        String sopInstanceUid, int width, int height, Laterality laterality, List<String> patientOrientation,
        boolean flipped) {
    public SourceImage {
        laterality = laterality == null ? Laterality.UNKNOWN : laterality;
        patientOrientation = patientOrientation == null ? List.of() : List.copyOf(patientOrientation);
    }

    /**
     * The source of an image the platform read from DICOM ({@link DicomService#read}), in the pixel space
     * the platform works in (canonical when it flipped). Its UIDs come from
     * {@link ImageMetadata#references()}; a UID that is missing there (an image not read from DICOM)
     * makes the writers refuse the object. PatientOrientation is rebuilt from the flip and the view, as a
     * mammography unit stores the image (chest wall at column 0 unless flipped; lateral side up for CC,
     * head up for MLO, ML, LM); it stays empty when laterality or view is unknown.
     *
     * @param metadata what {@link DicomService#read} returned with the image
     * @param width columns of the image
     * @param height rows of the image
     */
    public static SourceImage of(ImageMetadata metadata, int width, int height) {
        Map<String, String> refs = metadata.references();
        return new SourceImage(refs.get("StudyInstanceUID"), refs.get("SeriesInstanceUID"),
                refs.get("SOPClassUID"), refs.get("SOPInstanceUID"), width, height, metadata.laterality(),
                storedOrientation(metadata.laterality(), metadata.view(), metadata.flipped()), metadata.flipped());
    }

    private static List<String> storedOrientation(Laterality laterality, String view, boolean flipped) {
        if (laterality != Laterality.LEFT && laterality != Laterality.RIGHT || view == null) {
            return List.of();
        }
        boolean left = laterality == Laterality.LEFT;
        // flipped: the chest wall (posterior) was on the right, so the rows ran towards it
        String rows = flipped ? "P" : "A";
        String columns;
        switch (view.trim().toUpperCase()) {
            case "CC", "XCCL", "XCCM", "FB" -> columns = left ? "R" : "L";
            case "MLO" -> columns = left ? "FR" : "FL";
            case "ML", "LM" -> columns = "F";
            default -> {
                return List.of();
            }
        }
        return List.of(rows, columns);
    }
}
