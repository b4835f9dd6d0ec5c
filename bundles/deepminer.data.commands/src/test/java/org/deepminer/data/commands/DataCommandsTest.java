package org.deepminer.data.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands around a small in-memory source (a test double of the code around them). */
class DataCommandsTest {

    static final int W = 64, H = 48;

    static Lesion lesion(String id, String pathology, Set<String> concepts, int x, int y) {
        BitSet bits = new BitSet();
        for (int i = 0; i < 25; i++) {
            bits.set(i);
        }
        return new Lesion(id, "finding-mass", pathology, concepts, new RegionMask(new Box(x, y, 5, 5), bits), Map.of(), List.of(), 4);
    }

    static final class TinySource implements DatasetSource {
        final List<SampleRef> refs = List.of(
                new SampleRef("a_LEFT_CC", "a", Split.TRAIN, "malignant"),
                new SampleRef("a_LEFT_MLO", "a", Split.TRAIN, "malignant"),
                new SampleRef("b_RIGHT_CC", "b", Split.TEST, "benign"),
                new SampleRef("c_RIGHT_CC", "c", Split.VALIDATION, "normal"));

        @Override
        public String format() {
            return "tiny";
        }

        @Override
        public Dataset open(Path path, DatasetOptions options) {
            return new Dataset() {
                public String format() {
                    return "tiny";
                }

                public List<SampleRef> samples() {
                    return refs;
                }

                public Sample load(SampleRef ref) {
                    return new Sample(ref, new MammogramImage(W, H, new float[W * H]),
                            new ImageMetadata("MG", Laterality.LEFT, "CC", 0.2, 12, false, Map.of()), truth(ref));
                }

                public GroundTruth truth(SampleRef ref) {
                    List<Lesion> lesions = switch (ref.label()) {
                        case "malignant" -> List.of(lesion("1", "malignant", Set.of("margin-spiculated", "shape-irregular"), 10, 10));
                        case "benign" -> List.of(lesion("1", "benign", Set.of("shape-oval"), 60, 40),
                                lesion("2", "benign", Set.of("shape-oval"), 20, 20));
                        default -> List.of();
                    };
                    return new GroundTruth(ref.label(), lesions, new Report("", Set.of(), -1, ""));
                }

                public List<String> problems() {
                    return List.of("x.csv line 3: NaN pathology");
                }
            };
        }
    }

    DataCommands commands() {
        DataCommands c = new DataCommands();
        c.addSource(new TinySource(), Map.of("deepminer.dataset.format", "tiny"));
        return c;
    }

    @Test
    void countsImagesPerClassAndSplitAndLesionsPerConcept(@TempDir Path dir) {
        DatasetSummary s = commands().dataset(false, "birads", "tiny", dir.toString());
        assertEquals(4, s.samples());
        assertEquals(3, s.cases());
        assertEquals(2, s.byClassAndSplit().get("malignant").get("train"));
        assertEquals(1, s.byClassAndSplit().get("benign").get("test"));
        assertEquals(2, s.byConcept().get("shape-oval").lesions(), "two oval lesions");
        assertEquals(1, s.byConcept().get("shape-oval").images(), "in one image");
        assertEquals(2, s.byConcept().get("margin-spiculated").images());
        String text = s.toString();
        assertTrue(text.contains("NaN pathology"), text);
    }

    @Test
    void showDrawsTheLesionOutlinesIntoAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("out/a.png");
        ShownSample shown = commands().show("birads", "tiny", dir.toString(), "a_LEFT_CC", png.toString());
        assertEquals(1, shown.lesions().size());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(W, img.getWidth());
        int edge = img.getRGB(10, 12) & 0xFFFFFF;
        assertTrue(((edge >> 16) & 255) > 200, "the malignant lesion's outline is red");
        assertEquals(0, img.getRGB(40, 40) & 0xFFFFFF, "background untouched");
    }

    @Test
    void unknownFormatsAndSamplesAreNamed(@TempDir Path dir) {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> commands().dataset(false, "birads", "nosuch", dir.toString()));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("tiny"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> commands().show("birads", "tiny", dir.toString(), "zzz", dir.resolve("x.png").toString()));
        assertTrue(e.getMessage().contains("zzz"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> commands().dataset(false, "birads", "tiny", dir.resolve("missing").toString()));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(Files.exists(dir));
    }
}
