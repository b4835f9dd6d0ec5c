package org.deepminer.render.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.explain.Explanation;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.SourceImage;
import org.deepminer.imaging.figure.PatientIdentifiers;
import org.deepminer.imaging.figure.Privacy;

/**
 * What a renderer of DICOM needs around the DICOM service: the source image the object refers to, the
 * identity it is written with, and a bridge from the service's files to the renderer's stream.
 * One bundle for the three DICOM renderers, so that a fix lands in all of them.
 */
public final class DicomFiles {
    private DicomFiles() {}

    /** Writes one DICOM object to a file. */
    public interface Write {
        void to(Path file) throws IOException;
    }

    /**
     * The image the object refers to, in the platform's pixel space.
     *
     * @throws DeepMinerException naming the sample when it was not read from DICOM
     */
    public static SourceImage source(Explanation e, String format) {
        var refs = e.sample().metadata() == null ? java.util.Map.<String, String>of() : e.sample().metadata().references();
        for (String uid : new String[] {"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID"}) {
            String v = refs.get(uid);
            if (v == null || v.isBlank()) {
                throw new DeepMinerException(sampleName(e), "the image was not read from DICOM (no " + uid + "): a "
                        + format + " object refers to its source image by UIDs; use the text, json, png or html format");
            }
        }
        return SourceImage.of(e.sample().metadata(), e.sample().image().width(), e.sample().image().height());
    }

    /**
     * The derived object's identity: the source's study (the writers fill it in), new series and instance
     * (the writers make them), and the patient's name, id and birth date only when the user asked to keep
     * them ({@link Privacy#identifiers()} is empty otherwise).
     */
    public static DicomIdentity identity(Privacy privacy, String studyInstanceUid) {
        PatientIdentifiers ids = privacy.identifiers();
        return new DicomIdentity(ids.id(), ids.name(), studyInstanceUid, "", "", "", "", ids.birthDate());
    }

    /**
     * Lets {@code write} make the object in a private temporary folder, then copies it to {@code out}. A
     * refusal of the DICOM service names the temporary file: the message is given back naming the sample.
     */
    public static void writeTo(OutputStream out, Explanation e, Write write) throws IOException {
        Path dir = Files.createTempDirectory("deepminer-dicom-");
        Path file = dir.resolve("explanation.dcm");
        try {
            write.to(file);
            Files.copy(file, out);
        } catch (DeepMinerException refused) {
            String message = refused.getMessage().replace(file.toString() + ": ", "").replace(file.toString(), "the object");
            throw new DeepMinerException(sampleName(e), message, refused);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A UID under 2.25 (a UUID as decimal, PS3.5 B.2) derived from {@code name}: the same name gives the same
     * UID, e.g. one Device Observer UID per model and layer.
     */
    public static String uidOf(String name) {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(uuid.getMostSignificantBits());
        b.putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }

    /** A value for a DICOM LO attribute: printable ASCII without the value delimiter, at most 64 characters. */
    public static String longString(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 64; i++) {
            char c = text.charAt(i);
            b.append(c == '\\' ? '/' : c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.toString().trim();
    }

    public static String sampleName(Explanation e) {
        return e.sample().ref() == null ? "explanation" : "sample " + e.sample().id();
    }
}
