package org.deepminer.annotate.web.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;

/**
 * A small run folder as mining writes it: a manifest, units.csv with a ranking for two classes and dissection
 * suggestions, topactivations.csv with patch boxes, and montages whose tile i is filled with grey level
 * {@code 10 * (i + 1)} (so a test can tell which tile it got). Its images are 200 x 100 gradients.
 */
final class TestRun {
    static final String SHA = "42f467cf6ee12c8aea585fb2c9bd730d468f721e2b50e7e32e883347860a8ccd";
    static final int UNITS = 6;
    static final int TOP = 10;
    static final int CELL = 20;
    static final int COLUMNS = 8;
    static final int IMAGE_W = 200;
    static final int IMAGE_H = 100;

    private TestRun() {}

    /** Writes the run; malignant ranks units 3, 1, 5; benign ranks 2, 0. */
    static Path write(Path dir) throws IOException {
        RunWorkspace ws = RunWorkspace.open(dir);
        ws.writeManifest(new RunManifest(1, "deepminer:probe (test)", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
                "complete", new RunManifest.ModelRef("demo", "onnx", SHA, "test"), "relu4",
                new RunManifest.DatasetRef("phantom", dir.resolve("no-such-data").toString(), "h", 4), "test",
                Map.of("kind", "patches"), Map.of(), List.of("ranking", "top-activations", "dissection"), Map.of(),
                List.of(), Map.of()));
        List<String> cols = List.of("unit", "benign_rank", "benign_count", "benign_score", "malignant_rank",
                "malignant_count", "malignant_score", "best_concept", "iou", "ceiling", "lift", "runner_up",
                "runner_up_iou", "detector", "specific", "montage", "label_source");
        Map<Integer, String> malignant = Map.of(3, "1", 1, "2", 5, "3");
        Map<Integer, String> benign = Map.of(2, "1", 0, "2");
        List<Map<String, String>> rows = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("unit", String.valueOf(u));
            r.put("benign_rank", benign.getOrDefault(u, ""));
            r.put("benign_count", benign.containsKey(u) ? "40" : "");
            r.put("benign_score", benign.containsKey(u) ? "0.25" : "");
            r.put("malignant_rank", malignant.getOrDefault(u, ""));
            r.put("malignant_count", malignant.containsKey(u) ? String.valueOf(100 - u) : "");
            r.put("malignant_score", malignant.containsKey(u) ? "0.5" : "");
            r.put("best_concept", u % 2 == 0 ? "calc-vascular" : "margin-spiculated");
            r.put("iou", "0.0" + (u + 1));
            r.put("ceiling", "0.6");
            r.put("lift", u == 3 ? "2.5" : "1.1");
            r.put("runner_up", "calc-fine-pleomorphic");
            r.put("runner_up_iou", "0.01");
            r.put("detector", "true");
            r.put("specific", u == 3 ? "true" : "false");
            r.put("montage", "montages/unit_" + u + ".png");
            r.put("label_source", "auto");
            rows.add(r);
        }
        new Csv(cols, rows).write(dir.resolve("units.csv"));
        List<Map<String, String>> top = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            for (int k = 1; k <= TOP; k++) {
                Map<String, String> r = new LinkedHashMap<>();
                int x = (k - 1) * 10;
                String image = "IMG_" + (k % 2);
                r.put("unit", String.valueOf(u));
                r.put("rank", String.valueOf(k));
                r.put("sample_id", image + "@" + x + ",20,50,50");
                r.put("max_activation", String.valueOf(20.0 - k));
                r.put("image_id", image);
                r.put("x", String.valueOf(x));
                r.put("y", "20");
                r.put("width", "50");
                r.put("height", "50");
                top.add(r);
            }
            writeMontage(dir.resolve("montages/unit_" + u + ".png"), TOP);
        }
        new Csv(List.of("unit", "rank", "sample_id", "max_activation", "image_id", "x", "y", "width", "height"), top)
                .write(dir.resolve("topactivations.csv"));
        return dir;
    }

    /** The montage layout of the top-activations strategy: gap 2 around and between square cells. */
    static void writeMontage(Path file, int tiles) throws IOException {
        Files.createDirectories(file.getParent());
        int rows = (tiles + COLUMNS - 1) / COLUMNS;
        BufferedImage img = new BufferedImage(COLUMNS * (CELL + 2) + 2, rows * (CELL + 2) + 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < tiles; i++) {
            int g = 10 * (i + 1);
            int x0 = 2 + (i % COLUMNS) * (CELL + 2);
            int y0 = 2 + (i / COLUMNS) * (CELL + 2);
            for (int y = 0; y < CELL; y++) {
                for (int x = 0; x < CELL; x++) {
                    img.setRGB(x0 + x, y0 + y, (g << 16) | (g << 8) | g);
                }
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** The run's two images: grey level x / width (a left-to-right ramp). */
    static SampleImages images() {
        Map<String, MammogramImage> images = new HashMap<>();
        for (String id : List.of("IMG_0", "IMG_1")) {
            float[] p = new float[IMAGE_W * IMAGE_H];
            for (int y = 0; y < IMAGE_H; y++) {
                for (int x = 0; x < IMAGE_W; x++) {
                    p[y * IMAGE_W + x] = (float) x / IMAGE_W;
                }
            }
            images.put(id, new MammogramImage(IMAGE_W, IMAGE_H, p));
        }
        return id -> Optional.ofNullable(images.get(id));
    }
}
