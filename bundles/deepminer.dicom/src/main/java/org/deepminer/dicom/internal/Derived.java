package org.deepminer.dicom.internal;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.LongTextAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TextAttribute;
import com.pixelmed.dicom.UnlimitedTextAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.SourceImage;

/** What the objects derived from one source image (reports, segmentations) share. */
final class Derived {
    private Derived() {}

    /** The source must be referable: valid UIDs and a size a DICOM image can have. */
    static void checkSource(String file, SourceImage source) {
        if (source == null) {
            throw new DicomException(file, "no source image given");
        }
        for (String uid : new String[] {source.studyInstanceUid(), source.seriesInstanceUid(), source.sopClassUid(),
                source.sopInstanceUid()}) {
            if (uid == null || uid.isBlank()) {
                throw new DicomException(file, "the source image lacks one of StudyInstanceUID, SeriesInstanceUID,"
                        + " SOPClassUID and SOPInstanceUID: only an image read from DICOM can be referred to");
            }
        }
        ObjectWriter.checkUid(file, "source StudyInstanceUID (0020,000D)", source.studyInstanceUid());
        ObjectWriter.checkUid(file, "source SeriesInstanceUID (0020,000E)", source.seriesInstanceUid());
        ObjectWriter.checkUid(file, "source SOPClassUID (0008,0016)", source.sopClassUid());
        ObjectWriter.checkUid(file, "source SOPInstanceUID (0008,0018)", source.sopInstanceUid());
        ObjectWriter.checkSize(file, source.width(), source.height());
    }

    /**
     * The identity of a derived object: the source's study (filled in when empty), and series and instance
     * of its own (made when empty, refused when they are the source's).
     */
    static DicomIdentity identity(String file, DicomIdentity identity, SourceImage source) {
        if (identity == null) {
            throw new DicomException(file, "no identity (patient, study, series, instance) given");
        }
        String study = ObjectWriter.orEmpty(identity.studyInstanceUid());
        if (study.isEmpty()) {
            study = source.studyInstanceUid().trim();
        } else if (!study.equals(source.studyInstanceUid().trim())) {
            throw new DicomException(file, "StudyInstanceUID (0020,000D) " + study
                    + " is not the source image's study " + source.studyInstanceUid().trim()
                    + ": a derived object stays in its source's study");
        }
        if (ObjectWriter.orEmpty(identity.seriesInstanceUid()).equals(source.seriesInstanceUid().trim())) {
            throw new DicomException(file, "SeriesInstanceUID (0020,000E) " + identity.seriesInstanceUid().trim()
                    + " is the source image's series: a derived object needs a new series");
        }
        if (ObjectWriter.orEmpty(identity.sopInstanceUid()).equals(source.sopInstanceUid().trim())) {
            throw new DicomException(file, "SOPInstanceUID (0008,0018) " + identity.sopInstanceUid().trim()
                    + " is the source image's: a derived object needs a new instance UID");
        }
        return new DicomIdentity(identity.patientId(), identity.patientName(), study, identity.seriesInstanceUid(),
                identity.sopInstanceUid(), identity.studyDate(), identity.accessionNumber(), identity.patientBirthDate());
    }

    /** ContentDate and ContentTime: when the object was made. */
    static void contentNow(AttributeList list) throws com.pixelmed.dicom.DicomException {
        LocalDateTime now = LocalDateTime.now();
        DateAttribute date = new DateAttribute(TagFromName.ContentDate);
        date.addValue(now.format(DateTimeFormatter.BASIC_ISO_DATE));
        list.put(date);
        TimeAttribute time = new TimeAttribute(TagFromName.ContentTime);
        time.addValue(now.format(DateTimeFormatter.ofPattern("HHmmss")));
        list.put(time);
    }

    /** ReferencedSOPClassUID and ReferencedSOPInstanceUID of the source image. */
    static AttributeList sopReference(SourceImage source) throws com.pixelmed.dicom.DicomException {
        AttributeList item = new AttributeList();
        ObjectWriter.ui(item, TagFromName.ReferencedSOPClassUID, source.sopClassUid().trim());
        ObjectWriter.ui(item, TagFromName.ReferencedSOPInstanceUID, source.sopInstanceUid().trim());
        return item;
    }

    /** An item naming the source's series, with the source image in {@code instancesTag}. */
    static AttributeList seriesReference(SourceImage source, AttributeTag instancesTag)
            throws com.pixelmed.dicom.DicomException {
        AttributeList series = new AttributeList();
        ObjectWriter.ui(series, TagFromName.SeriesInstanceUID, source.seriesInstanceUid().trim());
        SequenceAttribute instances = new SequenceAttribute(instancesTag);
        instances.addItem(sopReference(source));
        series.put(instances);
        return series;
    }

    /** A code as a sequence item, checked: value and scheme at most 16 characters, meaning at most 64. */
    static AttributeList codeItem(String file, String what, Code code) throws com.pixelmed.dicom.DicomException {
        checkCode(file, what, code);
        AttributeList item = new AttributeList();
        ObjectWriter.sh(item, TagFromName.CodeValue, code.value().trim());
        ObjectWriter.sh(item, TagFromName.CodingSchemeDesignator, code.scheme().trim());
        ObjectWriter.lo(item, TagFromName.CodeMeaning, null, code.meaning().trim());
        return item;
    }

    static void checkCode(String file, String what, Code code) {
        if (code == null) {
            throw new DicomException(file, "no code for " + what);
        }
        String value = ObjectWriter.orEmpty(code.value());
        String scheme = ObjectWriter.orEmpty(code.scheme());
        String meaning = ObjectWriter.orEmpty(code.meaning());
        if (value.isEmpty() || scheme.isEmpty() || meaning.isEmpty()) {
            throw new DicomException(file, what + " code (" + code.value() + ", " + code.scheme() + ", \""
                    + code.meaning() + "\") needs a value, a scheme and a meaning");
        }
        if (value.length() > 16 || scheme.length() > 16 || meaning.length() > 64) {
            throw new DicomException(file, what + " code (" + value + ", " + scheme + ", \"" + meaning
                    + "\") is too long: CodeValue (0008,0100) and CodingSchemeDesignator (0008,0102) hold 16"
                    + " characters, CodeMeaning (0008,0104) 64");
        }
    }

    /**
     * Re-encodes every text in {@code list} as UTF-8 (ISO_IR 192) when one of them is not ASCII. PixelMed
     * fixes the encoding of a value when it is added, so the values are added again.
     */
    static void utf8WhereNeeded(AttributeList list) throws com.pixelmed.dicom.DicomException {
        if (!hasNonAscii(list)) {
            return;
        }
        ObjectWriter.cs(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        reencode(list, new SpecificCharacterSet(new String[] {"ISO_IR 192"}));
    }

    private static boolean hasNonAscii(AttributeList list) throws com.pixelmed.dicom.DicomException {
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute sequence) {
                for (Iterator<?> i = sequence.iterator(); i.hasNext();) {
                    if (hasNonAscii(((com.pixelmed.dicom.SequenceItem) i.next()).getAttributeList())) {
                        return true;
                    }
                }
            } else if ((a instanceof StringAttribute || a instanceof TextAttribute) && a.getVM() > 0) {
                for (String v : a.getStringValues()) {
                    if (v != null && v.chars().anyMatch(c -> c >= 128)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void reencode(AttributeList list, SpecificCharacterSet utf8) throws com.pixelmed.dicom.DicomException {
        for (Attribute a : new ArrayList<>(list.values())) {
            if (a instanceof SequenceAttribute sequence) {
                for (Iterator<?> i = sequence.iterator(); i.hasNext();) {
                    reencode(((com.pixelmed.dicom.SequenceItem) i.next()).getAttributeList(), utf8);
                }
            } else if (a instanceof StringAttribute text && a.getVM() > 0) {
                String[] values = text.getOriginalStringValues();
                text.removeValues();
                text.setSpecificCharacterSet(utf8);
                for (String v : values) {
                    text.addValue(v);
                }
            } else if (a instanceof TextAttribute && a.getVM() > 0) {
                // ST, LT and UT take their character set only when made
                AttributeTag tag = a.getTag();
                TextAttribute copy = a instanceof UnlimitedTextAttribute ? new UnlimitedTextAttribute(tag, utf8)
                        : a instanceof LongTextAttribute ? new LongTextAttribute(tag, utf8)
                        : new ShortTextAttribute(tag, utf8);
                copy.addValue(a.getStringValues()[0]);
                list.put(copy);
            }
        }
    }
}
