package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.deepminer.data.phantom.internal.model.CaseSpec;
import org.deepminer.data.phantom.internal.synth.MammogramSynth;
import org.deepminer.data.phantom.internal.synth.SynthView;
import org.junit.jupiter.api.Test;

/** Writes target/phantom-montage.png (16 images with lesion outlines) and target/phantom-lesions.png (crops). */
class MontageTest {

    @Test
    void writesTheMontages() throws IOException {
        PhantomParameters p = PhantomParameters.defaults(8, 123);
        List<CaseSpec> cases = PhantomGenerator.drawCases(p);
        MammogramSynth synth = new MammogramSynth(p.synth());
        List<SynthView> views = new ArrayList<>();
        int lesions = 0;
        for (CaseSpec c : cases) {
            for (int vi = 0; vi < p.views().size(); vi++) {
                SynthView v = synth.render(c, vi, p.views().get(vi), true);
                views.add(v);
                lesions += v.lesions().size();
            }
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path montage = target.resolve("phantom-montage.png");
        Montage.write(montage, views, 4, 384, true);
        Montage.writeLesions(target.resolve("phantom-lesions.png"), views, 4, 160, 320, 16, true);
        Montage.writeLesions(target.resolve("phantom-lesions-plain.png"), views, 4, 160, 320, 16, false);
        BufferedImage image = ImageIO.read(montage.toFile());
        assertEquals(4 * 384, image.getWidth());
        assertEquals(4 * 384, image.getHeight());
        int outline = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb == Montage.MALIGNANT || rgb == Montage.BENIGN || rgb == Montage.INCIDENTAL) {
                    outline++;
                }
            }
        }
        assertTrue(lesions == 0 || outline > 0, "outlines drawn for " + lesions + " lesions");
        System.out.println("MONTAGE phantom: " + montage.toAbsolutePath() + " (" + views.size() + " images, " + lesions
                + " lesions)");
    }
}
