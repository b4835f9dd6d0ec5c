package org.deepminer.dicom.internal;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;

/**
 * Writes the objects the platform produces, each valid for its IOD (checked with dciodvfy in the tests):
 * a Digital Mammography X-Ray Image For Presentation, a binary mask and an RGB picture as Secondary
 * Capture images. Files are written to a temporary sibling and moved into place, so a reader never sees
 * half a file.
 */
final class ObjectWriter {
    static final String EXPLICIT_LE = TransferSyntaxes.EXPLICIT_LE;
    /** UIDs made from a random UUID as one integer under the 2.25 arc (ITU-T X.667): no registered root needed. */
    private static final String UID_ROOT = "2.25.";
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern DATE = Pattern.compile("([0-9]{8})?");
    private static final String IMPLEMENTATION_AE = "DEEPMINER";

    /** SoftwareVersions: this bundle's version inside OSGi, else "development" (tests, IDE). */
    static String softwareVersion() {
        org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(ObjectWriter.class);
        return bundle == null ? "development" : bundle.getVersion().toString();
    }

    String newUid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return UID_ROOT + new BigInteger(1, bytes.array());
    }

    void writeMammogram(Path file, MammogramObject mg) throws IOException {
        String source = file.toString();
        String view = mg.view() == null ? "" : mg.view().trim().toUpperCase();
        Views.View code = Views.byAbbreviation(view);
        if (code == null || !(view.equals("CC") || view.equals("MLO") || view.equals("ML") || view.equals("LM")
                || view.equals("XCCL") || view.equals("XCCM"))) {
            throw new DicomException(source, "cannot write view '" + mg.view() + "': expected CC, MLO, ML, LM, XCCL or XCCM");
        }
        if (mg.laterality() != Laterality.LEFT && mg.laterality() != Laterality.RIGHT) {
            throw new DicomException(source, "ImageLaterality (0020,0062) must be LEFT or RIGHT, not " + mg.laterality());
        }
        if (!(mg.pixelSpacingMm() > 0) || !(mg.windowWidth() >= 1) || !Double.isFinite(mg.windowCenter())) {
            throw new DicomException(source, "pixel spacing " + mg.pixelSpacingMm() + " mm and window "
                    + mg.windowCenter() + "/" + mg.windowWidth() + ": spacing must be above 0, width at least 1");
        }
        short[] pixels = mg.pixels();
        int limit = 1 << mg.bitsStored();
        for (int i = 0; i < pixels.length; i++) {
            if ((pixels[i] & 0xFFFF) >= limit) {
                throw new DicomException(source, "pixel at row " + i / mg.width() + ", column " + i % mg.width() + " is "
                        + (pixels[i] & 0xFFFF) + ", above the " + mg.bitsStored() + "-bit maximum " + (limit - 1));
            }
        }
        checkSize(source, mg.width(), mg.height());
        try {
            AttributeList list = new AttributeList();
            SpecificCharacterSet charset = common(list, source, mg.identity(),
                    SOPClass.DigitalMammographyXRayImageStorageForPresentation, "MG", "DeepMiner phantom");
            // General Image, DX Image, Mammography Image
            cs(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "");
            cs(list, TagFromName.PatientOrientation, Orientation.asStored(mg.laterality(), view));
            cs(list, TagFromName.BurnedInAnnotation, "NO");
            cs(list, TagFromName.PresentationIntentType, "FOR PRESENTATION");
            cs(list, Tags.PIXEL_INTENSITY_RELATIONSHIP, "LOG");
            ss(list, Tags.PIXEL_INTENSITY_RELATIONSHIP_SIGN, 1);
            ds(list, TagFromName.RescaleIntercept, 0);
            ds(list, TagFromName.RescaleSlope, 1);
            lo(list, TagFromName.RescaleType, charset, "US");
            cs(list, TagFromName.PresentationLUTShape, "IDENTITY");
            cs(list, TagFromName.LossyImageCompression, "00");
            cs(list, Tags.POSITIONER_TYPE, "MAMMOGRAPHIC");
            cs(list, Tags.ORGAN_EXPOSED, "BREAST");
            cs(list, Tags.BREAST_IMPLANT_PRESENT, "NO");
            cs(list, Tags.PARTIAL_VIEW, "NO");
            // DX Anatomy Imaged
            String side = mg.laterality() == Laterality.LEFT ? "L" : "R";
            cs(list, TagFromName.ImageLaterality, side);
            cs(list, TagFromName.BodyPartExamined, "BREAST");
            code(list, TagFromName.AnatomicRegionSequence, "76752008", "SCT", "Breast");
            // DX Positioning
            cs(list, TagFromName.ViewPosition, view);
            code(list, TagFromName.ViewCodeSequence, code.code(), "SCT", code.meaning()).getItem(0)
                    .getAttributeList().put(new SequenceAttribute(TagFromName.ViewModifierCodeSequence));
            // DX Detector
            cs(list, Tags.DETECTOR_TYPE, "DIRECT");
            ds(list, TagFromName.ImagerPixelSpacing, mg.pixelSpacingMm(), mg.pixelSpacingMm());
            ds(list, TagFromName.PixelSpacing, mg.pixelSpacingMm(), mg.pixelSpacingMm());
            ds(list, TagFromName.EstimatedRadiographicMagnificationFactor, 1);
            // VOI LUT
            ds(list, TagFromName.WindowCenter, mg.windowCenter());
            ds(list, TagFromName.WindowWidth, mg.windowWidth());
            cs(list, TagFromName.VOILUTFunction, "LINEAR");
            // Acquisition Context (empty, type 2)
            list.put(new SequenceAttribute(TagFromName.AcquisitionContextSequence));
            // Image Pixel
            imagePixel(list, mg.width(), mg.height(), 1, "MONOCHROME2", 16, mg.bitsStored());
            OtherWordAttribute data = new OtherWordAttribute(TagFromName.PixelData);
            data.setValues(pixels);
            list.put(data);
            write(list, file);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(source, "cannot write the mammogram: " + e.getMessage(), e);
        }
    }

    void writeMask(Path file, MaskObject mask) throws IOException {
        String source = file.toString();
        checkSize(source, mask.width(), mask.height());
        int count = mask.width() * mask.height();
        if (mask.pixels().length() > count) {
            throw new DicomException(source, "mask bit " + (mask.pixels().length() - 1) + " lies outside the "
                    + mask.width() + "x" + mask.height() + " image");
        }
        byte[] pixels = new byte[count];
        BitSet bits = mask.pixels();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            pixels[i] = (byte) 255;
        }
        try {
            AttributeList list = new AttributeList();
            derivedImage(list, source, mask.identity(), mask.sourceSopInstanceUid(), mask.sourceSopClassUid(),
                    "Binary region mask of the source image: 255 inside, 0 outside");
            cs(list, TagFromName.BurnedInAnnotation, "NO");
            imagePixel(list, mask.width(), mask.height(), 1, "MONOCHROME2", 8, 8);
            OtherByteAttribute data = new OtherByteAttribute(TagFromName.PixelData);
            data.setValues(pixels);
            list.put(data);
            write(list, file);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(source, "cannot write the mask: " + e.getMessage(), e);
        }
    }

    void writeSecondaryCapture(Path file, DicomIdentity identity, int width, int height, int[] rgb,
            String sourceSopInstanceUid, String sourceSopClassUid) throws IOException {
        String source = file.toString();
        checkSize(source, width, height);
        if (rgb == null || rgb.length != width * height) {
            throw new DicomException(source, width + "x" + height + " picture with "
                    + (rgb == null ? 0 : rgb.length) + " pixels");
        }
        byte[] pixels = new byte[rgb.length * 3];
        for (int i = 0, j = 0; i < rgb.length; i++) {
            int p = rgb[i];
            pixels[j++] = (byte) (p >> 16);
            pixels[j++] = (byte) (p >> 8);
            pixels[j++] = (byte) p;
        }
        try {
            AttributeList list = new AttributeList();
            derivedImage(list, source, identity, sourceSopInstanceUid, sourceSopClassUid,
                    "Rendered picture of the source image");
            imagePixel(list, width, height, 3, "RGB", 8, 8);
            us(list, TagFromName.PlanarConfiguration, 0);
            OtherByteAttribute data = new OtherByteAttribute(TagFromName.PixelData);
            data.setValues(pixels);
            list.put(data);
            write(list, file);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(source, "cannot write the secondary capture: " + e.getMessage(), e);
        }
    }

    /** Secondary Capture Image modules shared by masks and pictures, with the source image referenced. */
    private void derivedImage(AttributeList list, String source, DicomIdentity identity, String sourceSopInstanceUid,
            String sourceSopClassUid, String description) throws com.pixelmed.dicom.DicomException {
        checkUid(source, "ReferencedSOPInstanceUID (0008,1155)", sourceSopInstanceUid);
        checkUid(source, "ReferencedSOPClassUID (0008,1150)", sourceSopClassUid);
        SpecificCharacterSet charset = common(list, source, identity, SOPClass.SecondaryCaptureImageStorage, "OT",
                "DeepMiner");
        cs(list, TagFromName.ConversionType, "WSD");
        cs(list, TagFromName.ImageType, "DERIVED", "SECONDARY");
        // type 2C, empty: the source's orientation and laterality are not known here
        list.put(new CodeStringAttribute(TagFromName.PatientOrientation));
        list.put(new CodeStringAttribute(TagFromName.Laterality));
        ShortTextAttribute derivation = new ShortTextAttribute(TagFromName.DerivationDescription, charset);
        derivation.addValue(description);
        list.put(derivation);
        AttributeList reference = new AttributeList();
        ui(reference, TagFromName.ReferencedSOPClassUID, sourceSopClassUid);
        ui(reference, TagFromName.ReferencedSOPInstanceUID, sourceSopInstanceUid);
        SequenceAttribute sourceImages = new SequenceAttribute(TagFromName.SourceImageSequence);
        sourceImages.addItem(reference);
        list.put(sourceImages);
    }

    /** Patient, General Study, General Series, General Equipment, General Image numbering and SOP Common. */
    SpecificCharacterSet common(AttributeList list, String source, DicomIdentity identity, String sopClass,
            String modality, String manufacturer) throws com.pixelmed.dicom.DicomException {
        if (identity == null) {
            throw new DicomException(source, "no identity (patient, study, series, instance) given");
        }
        String studyUid = uidOrNew(source, "StudyInstanceUID (0020,000D)", identity.studyInstanceUid());
        String seriesUid = uidOrNew(source, "SeriesInstanceUID (0020,000E)", identity.seriesInstanceUid());
        String instanceUid = uidOrNew(source, "SOPInstanceUID (0008,0018)", identity.sopInstanceUid());
        String studyDate = identity.studyDate() == null ? "" : identity.studyDate().trim();
        if (!DATE.matcher(studyDate).matches()) {
            throw new DicomException(source, "StudyDate (0008,0020) '" + studyDate + "' is not yyyyMMdd");
        }
        String birthDate = orEmpty(identity.patientBirthDate());
        if (!DATE.matcher(birthDate).matches()) {
            throw new DicomException(source, "PatientBirthDate (0010,0030) '" + birthDate + "' is not yyyyMMdd");
        }
        String name = orEmpty(identity.patientName());
        String id = orEmpty(identity.patientId());
        String accession = orEmpty(identity.accessionNumber());
        boolean ascii = (name + id + accession).chars().allMatch(c -> c < 128);
        SpecificCharacterSet charset = ascii ? null : new SpecificCharacterSet(new String[] {"ISO_IR 192"});
        if (!ascii) {
            cs(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        }
        ui(list, TagFromName.SOPClassUID, sopClass);
        ui(list, TagFromName.SOPInstanceUID, instanceUid);
        PersonNameAttribute patientName = new PersonNameAttribute(TagFromName.PatientName, charset);
        if (!name.isEmpty()) {
            patientName.addValue(name);
        }
        list.put(patientName);
        lo(list, TagFromName.PatientID, charset, id);
        // type 2: present, empty unless the caller gives the birth date (an identifier, like name and id)
        DateAttribute patientBirthDate = new DateAttribute(TagFromName.PatientBirthDate);
        if (!birthDate.isEmpty()) {
            patientBirthDate.addValue(birthDate);
        }
        list.put(patientBirthDate);
        list.put(new CodeStringAttribute(TagFromName.PatientSex));
        ui(list, TagFromName.StudyInstanceUID, studyUid);
        DateAttribute date = new DateAttribute(TagFromName.StudyDate);
        if (!studyDate.isEmpty()) {
            date.addValue(studyDate);
        }
        list.put(date);
        list.put(new TimeAttribute(TagFromName.StudyTime));
        list.put(new PersonNameAttribute(TagFromName.ReferringPhysicianName));
        list.put(new ShortStringAttribute(TagFromName.StudyID));
        ShortStringAttribute accessionNumber = new ShortStringAttribute(TagFromName.AccessionNumber, charset);
        if (!accession.isEmpty()) {
            accessionNumber.addValue(accession);
        }
        list.put(accessionNumber);
        cs(list, TagFromName.Modality, modality);
        ui(list, TagFromName.SeriesInstanceUID, seriesUid);
        is(list, TagFromName.SeriesNumber, 1);
        is(list, TagFromName.InstanceNumber, 1);
        lo(list, TagFromName.Manufacturer, null, manufacturer);
        if (!studyDate.isEmpty()) {
            DateAttribute contentDate = new DateAttribute(TagFromName.ContentDate);
            contentDate.addValue(studyDate);
            list.put(contentDate);
            TimeAttribute contentTime = new TimeAttribute(TagFromName.ContentTime);
            contentTime.addValue("000000");
            list.put(contentTime);
        }
        return charset;
    }

    static void imagePixel(AttributeList list, int width, int height, int samples, String photometric,
            int bitsAllocated, int bitsStored) throws com.pixelmed.dicom.DicomException {
        us(list, TagFromName.SamplesPerPixel, samples);
        cs(list, TagFromName.PhotometricInterpretation, photometric);
        us(list, TagFromName.Rows, height);
        us(list, TagFromName.Columns, width);
        us(list, TagFromName.BitsAllocated, bitsAllocated);
        us(list, TagFromName.BitsStored, bitsStored);
        us(list, TagFromName.HighBit, bitsStored - 1);
        us(list, TagFromName.PixelRepresentation, 0);
    }

    static void write(AttributeList list, Path file) throws IOException, com.pixelmed.dicom.DicomException {
        FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LE, IMPLEMENTATION_AE);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path partial = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        try {
            list.write(partial.toFile(), EXPLICIT_LE, true, true);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static void checkSize(String source, int width, int height) {
        if (width <= 0 || height <= 0 || width > 65535 || height > 65535) {
            throw new DicomException(source, "cannot write a " + width + "x" + height
                    + " image: Rows (0028,0010) and Columns (0028,0011) must be 1 to 65535");
        }
    }

    String uidOrNew(String source, String what, String uid) {
        if (uid == null || uid.isBlank()) {
            return newUid();
        }
        checkUid(source, what, uid);
        return uid.trim();
    }

    static void checkUid(String source, String what, String uid) {
        String u = uid == null ? "" : uid.trim();
        if (u.isEmpty() || u.length() > 64 || !UID.matcher(u).matches()) {
            throw new DicomException(source, what + " '" + uid + "' is not a valid UID");
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    static SequenceAttribute code(AttributeList list, AttributeTag tag, String value, String scheme,
            String meaning) throws com.pixelmed.dicom.DicomException {
        AttributeList item = new AttributeList();
        sh(item, TagFromName.CodeValue, value);
        sh(item, TagFromName.CodingSchemeDesignator, scheme);
        lo(item, TagFromName.CodeMeaning, null, meaning);
        SequenceAttribute sequence = new SequenceAttribute(tag);
        sequence.addItem(item);
        list.put(sequence);
        return sequence;
    }

    static void put(AttributeList list, Attribute attribute, String... values)
            throws com.pixelmed.dicom.DicomException {
        for (String v : values) {
            attribute.addValue(v);
        }
        list.put(attribute);
    }

    static void cs(AttributeList list, AttributeTag tag, String... values) throws com.pixelmed.dicom.DicomException {
        put(list, new CodeStringAttribute(tag), values);
    }

    static void sh(AttributeList list, AttributeTag tag, String value) throws com.pixelmed.dicom.DicomException {
        put(list, new ShortStringAttribute(tag), value);
    }

    static void lo(AttributeList list, AttributeTag tag, SpecificCharacterSet charset, String value)
            throws com.pixelmed.dicom.DicomException {
        LongStringAttribute a = new LongStringAttribute(tag, charset);
        if (!value.isEmpty()) {
            a.addValue(value);
        }
        list.put(a);
    }

    static void ui(AttributeList list, AttributeTag tag, String value) throws com.pixelmed.dicom.DicomException {
        put(list, new UniqueIdentifierAttribute(tag), value);
    }

    static void us(AttributeList list, AttributeTag tag, int value) throws com.pixelmed.dicom.DicomException {
        UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    static void ss(AttributeList list, AttributeTag tag, int value) throws com.pixelmed.dicom.DicomException {
        com.pixelmed.dicom.SignedShortAttribute a = new com.pixelmed.dicom.SignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    static void is(AttributeList list, AttributeTag tag, int value) throws com.pixelmed.dicom.DicomException {
        put(list, new IntegerStringAttribute(tag), Integer.toString(value));
    }

    static void ds(AttributeList list, AttributeTag tag, double... values) throws com.pixelmed.dicom.DicomException {
        DecimalStringAttribute a = new DecimalStringAttribute(tag);
        for (double v : values) {
            a.addValue(decimalString(v));
        }
        list.put(a);
    }

    /** A DS value: at most 16 characters, no exponent for ordinary values. */
    static String decimalString(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        for (int digits = 10; digits >= 0; digits--) {
            String s = new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString();
            if (s.length() <= 16) {
                return s;
            }
        }
        return Long.toString(Math.round(v));
    }
}
