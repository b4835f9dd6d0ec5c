package org.deepminer.dicom.internal;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;

/** Tags PixelMed's TagFromName lacks, and the "Keyword (gggg,eeee)" form every message uses. */
final class Tags {
    private Tags() {}

    static final AttributeTag POSITIONER_TYPE = new AttributeTag(0x0018, 0x1508);
    static final AttributeTag DETECTOR_TYPE = new AttributeTag(0x0018, 0x7004);
    static final AttributeTag ORGAN_EXPOSED = new AttributeTag(0x0040, 0x0318);
    static final AttributeTag BREAST_IMPLANT_PRESENT = new AttributeTag(0x0028, 0x1300);
    static final AttributeTag PARTIAL_VIEW = new AttributeTag(0x0028, 0x1350);
    static final AttributeTag PIXEL_INTENSITY_RELATIONSHIP = new AttributeTag(0x0028, 0x1040);
    static final AttributeTag PIXEL_INTENSITY_RELATIONSHIP_SIGN = new AttributeTag(0x0028, 0x1041);
    static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);

    /** {@code Rows (0028,0010)}: the keyword where the dictionary knows it, always the number. */
    static String describe(AttributeTag tag) {
        String keyword = null;
        try {
            keyword = AttributeList.getDictionary().getNameFromTag(tag);
        } catch (RuntimeException e) {
            // unknown to the dictionary: the number alone still names it
        }
        String number = String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
        return keyword == null || keyword.isEmpty() ? number : keyword + " " + number;
    }
}
