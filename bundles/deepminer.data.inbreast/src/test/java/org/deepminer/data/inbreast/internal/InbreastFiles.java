package org.deepminer.data.inbreast.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.MammogramObject;

/** Writes small INbreast data sets as the download lays them out: INbreast.csv, AllDICOMs/, AllXML/. */
final class InbreastFiles {
    static final int W = 48;
    static final int H = 40;
    static final String HEADER = "Patient ID;Patient age;Laterality;View;Acquisition date;File Name;ACR;Bi-Rads\n";

    private InbreastFiles() {}

    static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A 14-bit mammogram named as INbreast names it, {@code <file>_<patient hash>_MG_<side>_<view>_ANON.dcm}, stored
     * as the unit stores it; tissue 2000, and 15000 in the stored columns x0..x1, rows y0..y1 (inclusive).
     */
    static Path dicom(DicomService dicom, Path root, String fileName, String patientHash, Laterality side, String view,
            int x0, int y0, int x1, int y1) {
        Path file = root.resolve("AllDICOMs").resolve(fileName + "_" + patientHash + "_MG_"
                + (side == Laterality.LEFT ? "L" : "R") + "_" + view + "_ANON.dcm");
        short[] px = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                px[y * W + x] = (short) (x >= x0 && x <= x1 && y >= y0 && y <= y1 ? 15000 : 2000 + (x + y) % 30);
            }
        }
        DicomIdentity id = new DicomIdentity("INB-" + patientHash, "SYNTHETIC^" + fileName, dicom.newUid(),
                dicom.newUid(), dicom.newUid(), "20100101", "");
        try {
            Files.createDirectories(file.getParent());
            dicom.writeMammogram(file, new MammogramObject(id, W, H, 14, px, side, view, 0.07, 8192, 16384));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** One ROI of an OsiriX ROI file: its name and points. */
    record Roi(String name, double... xy) {}

    /** An OsiriX plist ROI file, with the keys INbreast's files carry around the ones the reader uses. */
    static Path xml(Path root, String fileName, Roi... rois) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple Computer//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\">\n<dict>\n\t<key>Images</key>\n\t<array>\n\t\t<dict>\n"
                + "\t\t\t<key>ImageHeight</key>\n\t\t\t<integer>" + H + "</integer>\n"
                + "\t\t\t<key>ImageIndex</key>\n\t\t\t<integer>0</integer>\n"
                + "\t\t\t<key>ImageWidth</key>\n\t\t\t<integer>" + W + "</integer>\n"
                + "\t\t\t<key>NumberOfROIs</key>\n\t\t\t<integer>" + rois.length + "</integer>\n"
                + "\t\t\t<key>ROIs</key>\n\t\t\t<array>\n");
        int index = 0;
        for (Roi roi : rois) {
            sb.append("\t\t\t\t<dict>\n\t\t\t\t\t<key>Area</key>\n\t\t\t\t\t<real>0.5</real>\n")
                    .append("\t\t\t\t\t<key>Center</key>\n\t\t\t\t\t<string>(1.0, 2.0, 0.000000)</string>\n")
                    .append("\t\t\t\t\t<key>IndexInImage</key>\n\t\t\t\t\t<integer>").append(index++).append("</integer>\n")
                    .append("\t\t\t\t\t<key>Name</key>\n\t\t\t\t\t<string>").append(roi.name()).append("</string>\n")
                    .append("\t\t\t\t\t<key>NumberOfPoints</key>\n\t\t\t\t\t<integer>").append(roi.xy().length / 2)
                    .append("</integer>\n\t\t\t\t\t<key>Point_mm</key>\n\t\t\t\t\t<array>\n");
            for (int i = 0; i < roi.xy().length; i += 2) {
                sb.append(String.format(Locale.ROOT, "\t\t\t\t\t\t<string>(%f, %f, 0.0)</string>%n", roi.xy()[i] * 0.07,
                        roi.xy()[i + 1] * 0.07));
            }
            sb.append("\t\t\t\t\t</array>\n\t\t\t\t\t<key>Point_px</key>\n\t\t\t\t\t<array>\n");
            for (int i = 0; i < roi.xy().length; i += 2) {
                sb.append(String.format(Locale.ROOT, "\t\t\t\t\t\t<string>(%f, %f)</string>%n", roi.xy()[i],
                        roi.xy()[i + 1]));
            }
            sb.append("\t\t\t\t\t</array>\n\t\t\t\t\t<key>Type</key>\n\t\t\t\t\t<integer>")
                    .append(roi.xy().length == 2 ? 19 : 15).append("</integer>\n\t\t\t\t</dict>\n");
        }
        sb.append("\t\t\t</array>\n\t\t</dict>\n\t</array>\n</dict>\n</plist>\n");
        return text(root.resolve("AllXML").resolve(fileName + ".xml"), sb.toString());
    }
}
