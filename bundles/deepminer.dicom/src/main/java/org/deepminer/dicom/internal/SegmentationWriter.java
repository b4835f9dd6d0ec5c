package org.deepminer.dicom.internal;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedLongAttribute;
import java.io.IOException;
import java.nio.file.Path;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.Segment;
import org.deepminer.dicom.SegmentationObject;
import org.deepminer.dicom.SegmentationType;
import org.deepminer.dicom.SourceImage;

/**
 * Writes a Segmentation of a projection image: one frame per segment, the source's size, BINARY (1 bit) or
 * FRACTIONAL (8 bits, probability, 255 = 1). A mammogram has no frame of reference, so neither has the
 * segmentation: its frames are tied to the source by DerivationImageSequence and PatientOrientation, and
 * carry no plane position or orientation. Checked with dciodvfy in the tests.
 */
final class SegmentationWriter {
    private static final int MAX_FRACTION = 255;
    private static final Code SEGMENTATION = new Code("DCM", "113076", "Segmentation");
    private static final Code SOURCE_FOR_PROCESSING = new Code("DCM", "121322",
            "Source image for image processing operation");

    private final ObjectWriter base;

    SegmentationWriter(ObjectWriter base) {
        this.base = base;
    }

    void write(Path file, DicomIdentity identity, SegmentationObject seg) throws IOException {
        String where = file.toString();
        if (seg == null) {
            throw new DicomException(where, "no segmentation given");
        }
        SourceImage source = seg.source();
        Derived.checkSource(where, source);
        DicomIdentity own = Derived.identity(where, identity, source);
        if (seg.type() == null) {
            throw new DicomException(where, "SegmentationType (0062,0001) not given: BINARY or FRACTIONAL");
        }
        if (seg.segments().isEmpty()) {
            throw new DicomException(where, "no segments: SegmentSequence (0062,0002) needs at least one");
        }
        int width = source.width();
        int height = source.height();
        long frameSize = (long) width * height;
        int frames = seg.segments().size();
        if (frames > 65535 || frameSize * frames > Integer.MAX_VALUE - 1L
                || seg.type() == SegmentationType.BINARY && frameSize * frames / 8 > Integer.MAX_VALUE - 1L) {
            throw new DicomException(where, frames + " frames of " + width + "x" + height + " do not fit in one object");
        }
        for (int s = 0; s < frames; s++) {
            Segment segment = seg.segments().get(s);
            String what = "segment " + (s + 1);
            if (segment == null) {
                throw new DicomException(where, what + " is null");
            }
            if (ObjectWriter.orEmpty(segment.label()).isEmpty() || ObjectWriter.orEmpty(segment.algorithmName()).isEmpty()) {
                throw new DicomException(where, what + " needs a SegmentLabel (0062,0005) and a SegmentAlgorithmName"
                        + " (0062,0009)");
            }
            Derived.checkCode(where, what + " SegmentedPropertyCategoryCodeSequence (0062,0003)", segment.category());
            Derived.checkCode(where, what + " SegmentedPropertyTypeCodeSequence (0062,000F)", segment.type());
            float[] v = segment.values();
            if (v == null || v.length != frameSize) {
                throw new DicomException(where, what + " has " + (v == null ? 0 : v.length) + " values for a "
                        + width + "x" + height + " image (" + frameSize + ")");
            }
        }
        byte[] pixels = seg.type() == SegmentationType.BINARY ? binary(where, seg) : fractional(where, seg);
        try {
            AttributeList list = new AttributeList();
            SpecificCharacterSet charset = base.common(list, where, own, SOPClass.SegmentationStorage, "SEG",
                    "DeepMiner");
            Derived.contentNow(list);
            ObjectWriter.lo(list, TagFromName.SeriesDescription, charset, ObjectWriter.orEmpty(seg.seriesDescription()));
            // Enhanced General Equipment
            ObjectWriter.lo(list, TagFromName.ManufacturerModelName, null, "DeepMiner");
            ObjectWriter.lo(list, TagFromName.DeviceSerialNumber, null, "0");
            ObjectWriter.lo(list, TagFromName.SoftwareVersions, null, ObjectWriter.softwareVersion());
            // General Image: the frames lie on the source image, pixel for pixel
            ObjectWriter.cs(list, TagFromName.ImageType, "DERIVED", "PRIMARY");
            ObjectWriter.cs(list, TagFromName.PatientOrientation, source.patientOrientation().toArray(String[]::new));
            ObjectWriter.cs(list, TagFromName.BurnedInAnnotation, "NO");
            ObjectWriter.cs(list, TagFromName.LossyImageCompression, "00");
            // Segmentation Image
            boolean fractional = seg.type() == SegmentationType.FRACTIONAL;
            int bits = fractional ? 8 : 1;
            ObjectWriter.imagePixel(list, width, height, 1, "MONOCHROME2", bits, bits);
            ObjectWriter.cs(list, TagFromName.SegmentationType, seg.type().name());
            if (fractional) {
                ObjectWriter.cs(list, TagFromName.SegmentationFractionalType, "PROBABILITY");
                ObjectWriter.us(list, TagFromName.MaximumFractionalValue, MAX_FRACTION);
            }
            ObjectWriter.cs(list, TagFromName.ContentLabel, fractional ? "HEATMAP" : "REGION");
            ObjectWriter.lo(list, TagFromName.ContentDescription, charset, fractional
                    ? "Probability-like maps over the source image" : "Regions of the source image");
            list.put(new com.pixelmed.dicom.PersonNameAttribute(TagFromName.ContentCreatorName));
            SequenceAttribute segments = new SequenceAttribute(TagFromName.SegmentSequence);
            for (int s = 0; s < frames; s++) {
                segments.addItem(segmentItem(where, seg.segments().get(s), s + 1, charset));
            }
            list.put(segments);
            // Multi-frame Functional Groups and Dimensions: one dimension, the segment
            ObjectWriter.is(list, TagFromName.NumberOfFrames, frames);
            String organization = base.newUid();
            AttributeList organizationItem = new AttributeList();
            ObjectWriter.ui(organizationItem, TagFromName.DimensionOrganizationUID, organization);
            SequenceAttribute organizations = new SequenceAttribute(TagFromName.DimensionOrganizationSequence);
            organizations.addItem(organizationItem);
            list.put(organizations);
            AttributeList index = new AttributeList();
            ObjectWriter.ui(index, TagFromName.DimensionOrganizationUID, organization);
            tag(index, TagFromName.DimensionIndexPointer, TagFromName.ReferencedSegmentNumber);
            tag(index, TagFromName.FunctionalGroupPointer, TagFromName.SegmentIdentificationSequence);
            ObjectWriter.lo(index, TagFromName.DimensionDescriptionLabel, null, "Segment");
            SequenceAttribute indices = new SequenceAttribute(TagFromName.DimensionIndexSequence);
            indices.addItem(index);
            list.put(indices);
            // nothing is shared: the derivation goes with every frame, where every validator looks for it
            SequenceAttribute shared = new SequenceAttribute(TagFromName.SharedFunctionalGroupsSequence);
            shared.addItem(new AttributeList());
            list.put(shared);
            SequenceAttribute perFrame = new SequenceAttribute(TagFromName.PerFrameFunctionalGroupsSequence);
            for (int s = 1; s <= frames; s++) {
                AttributeList frame = derivation(where, source);
                AttributeList content = new AttributeList();
                UnsignedLongAttribute dimension = new UnsignedLongAttribute(TagFromName.DimensionIndexValues);
                dimension.addValue(s);
                content.put(dimension);
                SequenceAttribute contentSequence = new SequenceAttribute(TagFromName.FrameContentSequence);
                contentSequence.addItem(content);
                frame.put(contentSequence);
                AttributeList segmentId = new AttributeList();
                ObjectWriter.us(segmentId, TagFromName.ReferencedSegmentNumber, s);
                SequenceAttribute segmentIdSequence = new SequenceAttribute(TagFromName.SegmentIdentificationSequence);
                segmentIdSequence.addItem(segmentId);
                frame.put(segmentIdSequence);
                perFrame.addItem(frame);
            }
            list.put(perFrame);
            // Common Instance Reference
            SequenceAttribute series = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
            series.addItem(Derived.seriesReference(source, TagFromName.ReferencedInstanceSequence));
            list.put(series);
            OtherByteAttribute data = new OtherByteAttribute(TagFromName.PixelData);
            data.setValues(pixels);
            list.put(data);
            Derived.utf8WhereNeeded(list);
            ObjectWriter.write(list, file);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(where, "cannot write the segmentation: " + e.getMessage(), e);
        }
    }

    private static AttributeList segmentItem(String where, Segment segment, int number, SpecificCharacterSet charset)
            throws com.pixelmed.dicom.DicomException {
        AttributeList item = new AttributeList();
        ObjectWriter.us(item, TagFromName.SegmentNumber, number);
        ObjectWriter.lo(item, TagFromName.SegmentLabel, charset, segment.label().trim());
        ObjectWriter.cs(item, TagFromName.SegmentAlgorithmType, "AUTOMATIC");
        ObjectWriter.lo(item, Tags.SEGMENT_ALGORITHM_NAME, charset, segment.algorithmName().trim());
        String what = "segment " + number;
        SequenceAttribute category = new SequenceAttribute(TagFromName.SegmentedPropertyCategoryCodeSequence);
        category.addItem(Derived.codeItem(where, what + " category", segment.category()));
        item.put(category);
        SequenceAttribute type = new SequenceAttribute(TagFromName.SegmentedPropertyTypeCodeSequence);
        type.addItem(Derived.codeItem(where, what + " type", segment.type()));
        item.put(type);
        return item;
    }

    /** Derivation Image functional group: every frame is a segmentation of the source image. */
    private static AttributeList derivation(String where, SourceImage source) throws com.pixelmed.dicom.DicomException {
        AttributeList sourceImage = Derived.sopReference(source);
        SequenceAttribute purpose = new SequenceAttribute(TagFromName.PurposeOfReferenceCodeSequence);
        purpose.addItem(Derived.codeItem(where, "purpose of reference", SOURCE_FOR_PROCESSING));
        sourceImage.put(purpose);
        SequenceAttribute sourceImages = new SequenceAttribute(TagFromName.SourceImageSequence);
        sourceImages.addItem(sourceImage);
        AttributeList derivationItem = new AttributeList();
        SequenceAttribute code = new SequenceAttribute(TagFromName.DerivationCodeSequence);
        code.addItem(Derived.codeItem(where, "derivation", SEGMENTATION));
        derivationItem.put(code);
        derivationItem.put(sourceImages);
        SequenceAttribute derivation = new SequenceAttribute(TagFromName.DerivationImageSequence);
        derivation.addItem(derivationItem);
        AttributeList group = new AttributeList();
        group.put(derivation);
        return group;
    }

    private static void tag(AttributeList list, AttributeTag tag, AttributeTag value) throws com.pixelmed.dicom.DicomException {
        AttributeTagAttribute a = new AttributeTagAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    /** 8 bits a pixel, frame after frame, each row mirrored back when the source was handed over flipped. */
    private static byte[] fractional(String where, SegmentationObject seg) {
        SourceImage source = seg.source();
        int width = source.width();
        int frameSize = width * source.height();
        byte[] out = new byte[frameSize * seg.segments().size()];
        int o = 0;
        for (int s = 0; s < seg.segments().size(); s++) {
            float[] v = seg.segments().get(s).values();
            for (int rowStart = 0; rowStart < frameSize; rowStart += width) {
                for (int c = 0; c < width; c++) {
                    int i = rowStart + (source.flipped() ? width - 1 - c : c);
                    float x = v[i];
                    if (!(x >= 0 && x <= 1)) {
                        throw outOfRange(where, s, i, width, x);
                    }
                    out[o++] = (byte) Math.round(x * MAX_FRACTION);
                }
            }
        }
        return out;
    }

    /** 1 bit a pixel, least significant bit first, frames packed without padding between them (PS3.5 8.1.1). */
    private static byte[] binary(String where, SegmentationObject seg) {
        SourceImage source = seg.source();
        int width = source.width();
        int frameSize = width * source.height();
        long bits = (long) frameSize * seg.segments().size();
        byte[] out = new byte[(int) ((bits + 15) / 16 * 2)]; // whole bytes, then even length
        long b = 0;
        for (int s = 0; s < seg.segments().size(); s++) {
            float[] v = seg.segments().get(s).values();
            for (int rowStart = 0; rowStart < frameSize; rowStart += width) {
                for (int c = 0; c < width; c++, b++) {
                    int i = rowStart + (source.flipped() ? width - 1 - c : c);
                    float x = v[i];
                    if (!(x >= 0 && x <= 1)) {
                        throw outOfRange(where, s, i, width, x);
                    }
                    if (x >= 0.5f) {
                        out[(int) (b >>> 3)] |= (byte) (1 << (b & 7));
                    }
                }
            }
        }
        return out;
    }

    private static DicomException outOfRange(String where, int segment, int i, int width, float x) {
        return new DicomException(where, "segment " + (segment + 1) + " value at row " + i / width + ", column "
                + i % width + " is " + x + ": values must lie in [0, 1]");
    }
}
