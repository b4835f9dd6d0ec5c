package org.deepminer.data.support;

import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;

/**
 * A data set's listing (a CSV row) and the image's own DICOM header both say which breast and view an image
 * shows. The header wins where it speaks; the listing fills what it leaves out; a contradiction is a problem
 * the user should see, not a silent choice.
 */
public final class ListedImages {
    private ListedImages() {}

    /**
     * @param fromDicom what the DICOM service read
     * @param listedSide the listing's laterality (UNKNOWN when it has none)
     * @param listedView the listing's view (empty when it has none)
     * @param where the listing's file and line, for the problem report
     */
    public static ImageMetadata reconcile(ImageMetadata fromDicom, Laterality listedSide, String listedView,
            Problems problems, String where) {
        Laterality side = fromDicom.laterality();
        if (side == Laterality.UNKNOWN) {
            side = listedSide;
        } else if (listedSide != Laterality.UNKNOWN && side != listedSide) {
            problems.report(where, "the CSV says " + listedSide + " but the image's DICOM header says " + side);
        }
        return new ImageMetadata(fromDicom.modality(), side, fromDicom.view().isEmpty() ? listedView : fromDicom.view(),
                fromDicom.pixelSpacingMm(), fromDicom.bitsStored(), fromDicom.flipped(), fromDicom.references());
    }
}
