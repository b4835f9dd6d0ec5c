package org.deepminer.data.inbreast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.data.support.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlistTest {
    @TempDir
    Path dir;

    @Test
    void readsRoisAndTheirPoints() {
        Path file = InbreastFiles.xml(dir, "1", new InbreastFiles.Roi("Mass", 1.5, 2.25, 3, 4, 5, 6),
                new InbreastFiles.Roi("Calcification", 7, 8));
        Problems problems = new Problems(true);
        List<RoiFile.Roi> rois = RoiFile.read(file, problems);
        assertEquals(2, rois.size());
        assertEquals("Mass", rois.get(0).name());
        assertEquals(List.of(1.5, 2.25, 3.0, 4.0, 5.0, 6.0), java.util.Arrays.stream(rois.get(0).xy()).boxed().toList());
        assertEquals(1, rois.get(1).points());
        assertTrue(rois.get(0).line() > 10, "the ROI's dict line, for messages");
    }

    @Test
    void theDoctypeIsNeverFetchedAndEntitiesAreNeverExpanded() {
        // an unreachable DTD: read without it
        Path local = InbreastFiles.text(dir.resolve("local.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE plist SYSTEM "
                + "\"http://127.0.0.1:9/none.dtd\">\n<plist><dict><key>Images</key><array/></dict></plist>\n");
        assertTrue(Plist.read(local) instanceof Plist.Dict);
        // the billion laughs: refused, not expanded
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE plist [\n<!ENTITY a0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n<plist><dict><key>Images</key><string>&a9;</string></dict></plist>\n");
        Path file = InbreastFiles.text(dir.resolve("bomb.xml"), bomb.toString());
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> Plist.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String deep = "<plist>" + "<array>".repeat(10_000) + "</array>".repeat(10_000) + "</plist>";
        Path file = InbreastFiles.text(dir.resolve("deep.xml"), deep);
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> Plist.read(file));
        assertTrue(e.getMessage().contains("nested more than " + Plist.MAX_DEPTH + " deep"), e.getMessage());
    }

    @Test
    void pointsAreTwoFiniteNumbers() {
        assertEquals(List.of(1690.385254, 1862.875), java.util.Arrays.stream(RoiFile.point("(1690.385254, 1862.875000)"))
                .boxed().toList());
        assertEquals(null, RoiFile.point("(NaN, 3)"));
        assertEquals(null, RoiFile.point("(1e300, 3)"));
        assertEquals(null, RoiFile.point("(12)"));
        assertEquals(null, RoiFile.point(Long.valueOf(3)));
    }
}
