package org.deepminer.probe.topactivations.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.patch.PatchId;
import org.deepminer.core.run.Csv;
import org.deepminer.imaging.Picture;
import org.deepminer.imaging.Resample;

/**
 * Each unit's top samples, best first, with the maps and images to draw them. {@code topactivations.csv}
 * lists them (with the patch's box on its whole image when the sample id is a patch id,
 * {@code <imageId>@x,y,w,h}; else the whole sample); {@code montages/unit_<k>.png} shows them.
 */
final class TopActivationsResult implements ProbeResult {
    static final String CSV = "topactivations.csv";
    static final String MONTAGES = "montages";
    /** Brightness of the pixels outside the mask (DeepMiner: 20%). */
    static final float DIMMED = 0.2f;
    static final int GAP = 2;

    /**
     * One kept sample of a unit.
     *
     * @param map the unit's map on the sample, {@code mapHeight x mapWidth}
     * @param imageWidth the sample's width, in its own pixels
     */
    record Kept(String sampleId, float max, float[] map, int mapWidth, int mapHeight, int imageWidth, int imageHeight,
            Thumbnail thumbnail) {}

    private final String layer;
    private final TopActivationsStrategy.Settings settings;
    private final long samples;
    private final List<List<Kept>> units;
    private final float[] thresholds;
    private final boolean[] resolved;

    TopActivationsResult(String layer, TopActivationsStrategy.Settings settings, long samples, List<List<Kept>> units,
            float[] thresholds, boolean[] resolved) {
        this.layer = layer;
        this.settings = settings;
        this.samples = samples;
        this.units = units;
        this.thresholds = thresholds;
        this.resolved = resolved;
    }

    List<List<Kept>> units() {
        return units;
    }

    @Override
    public String strategy() {
        return TopActivationsStrategy.NAME;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layer", layer);
        s.put("samples", samples);
        s.put("units", units.size());
        s.put("images_per_unit", settings.imagesPerUnit());
        s.put("mask", settings.quantileMask() ? "quantile " + settings.quantile() : "relative " + settings.maskThreshold());
        s.put("montages", montageUnits().size());
        if (resolved != null) {
            long unresolved = 0;
            for (boolean r : resolved) {
                unresolved += r ? 0 : 1;
            }
            if (unresolved > 0) {
                s.put("unresolved_thresholds", unresolved);
            }
        }
        return s;
    }

    private List<Integer> montageUnits() {
        List<Integer> out = new ArrayList<>();
        if (settings.montageUnits().length == 0) {
            for (int u = 0; u < units.size(); u++) {
                out.add(u);
            }
        } else {
            for (int u : settings.montageUnits()) {
                if (u < units.size()) {
                    out.add(u);
                }
            }
        }
        out.removeIf(u -> units.get(u).isEmpty());
        return out;
    }

    @Override
    public void writeTo(Path runDirectory) throws IOException {
        Files.createDirectories(runDirectory);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            List<Kept> kept = units.get(u);
            for (int r = 0; r < kept.size(); r++) {
                Kept e = kept.get(r);
                Map<String, String> row = new LinkedHashMap<>();
                row.put("unit", String.valueOf(u));
                row.put("rank", String.valueOf(r + 1));
                row.put("sample_id", e.sampleId());
                row.put("max_activation", Float.toString(e.max()));
                Optional<PatchId> patch = PatchId.parse(e.sampleId());
                row.put("image_id", patch.map(PatchId::imageId).orElse(e.sampleId()));
                row.put("x", String.valueOf(patch.map(p -> p.box().x()).orElse(0)));
                row.put("y", String.valueOf(patch.map(p -> p.box().y()).orElse(0)));
                row.put("width", String.valueOf(patch.map(p -> p.box().width()).orElse(e.imageWidth())));
                row.put("height", String.valueOf(patch.map(p -> p.box().height()).orElse(e.imageHeight())));
                rows.add(row);
            }
        }
        new Csv(List.of("unit", "rank", "sample_id", "max_activation", "image_id", "x", "y", "width", "height"), rows)
                .write(runDirectory.resolve(CSV));
        // the montages are independent and most of the finishing time: every core draws and encodes some
        Path folder = runDirectory.resolve(MONTAGES);
        try {
            montageUnits().parallelStream().forEach(u -> {
                try {
                    montage(u).writePng(folder.resolve("unit_" + u + ".png"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A unit's top samples, {@code montage.columns} per row, the unit's map as a mask over each. */
    Picture montage(int unit) {
        List<Kept> kept = units.get(unit);
        int size = settings.thumbnailSize();
        float top1 = kept.get(0).max();
        List<Picture> tiles = new ArrayList<>(kept.size());
        for (Kept e : kept) {
            tiles.add(Picture.grey(tile(e, unit, top1, size), size, size));
        }
        return Picture.montage(tiles, settings.montageColumns(), size, GAP);
    }

    /**
     * The sample's thumbnail centred on a black square, full brightness where the mask holds, dimmed
     * elsewhere. The map is upsampled bilinearly onto the thumbnail (it spans the sample's whole image).
     */
    float[] tile(Kept e, int unit, float top1, int size) {
        Thumbnail t = e.thumbnail();
        float[] up = Resample.bilinear(e.map(), e.mapWidth(), e.mapHeight(), t.width(), t.height());
        float[] out = new float[size * size];
        int ox = (size - t.width()) / 2;
        int oy = (size - t.height()) / 2;
        for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
                float v = up[y * t.width() + x];
                boolean shown = settings.quantileMask() ? v > thresholds[unit]
                        : top1 > 0 && v / top1 >= settings.maskThreshold();
                out[(oy + y) * size + ox + x] = t.get(x, y) * (shown ? 1f : DIMMED);
            }
        }
        return out;
    }
}
