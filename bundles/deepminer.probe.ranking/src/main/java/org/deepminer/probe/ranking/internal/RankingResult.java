package org.deepminer.probe.ranking.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.run.Csv;

/**
 * The class-specific units of a layer: per class, units by how often they were among an image's top
 * scores, with their mean score over those images.
 *
 * @param layer the probed layer
 * @param images images seen
 * @param topUnitsPerImage units noted per image and class
 * @param unitsPerClass units kept per class
 * @param classes one ranking per class, in the head's class order
 */
record RankingResult(String layer, long images, int topUnitsPerImage, int unitsPerClass, List<ClassRanking> classes)
        implements ProbeResult {

    static final String CSV = "rankings.csv";
    static final String JSON = "rankings.json";

    /** @param units best first */
    record ClassRanking(String className, List<RankedUnit> units) {}

    /**
     * @param rank 1-based
     * @param count images that had the unit among their top units for the class
     * @param meanScore mean of {@code w[c][k] * max A_k} over those images
     */
    record RankedUnit(int rank, int unit, long count, double meanScore) {}

    @Override
    public String strategy() {
        return RankingStrategy.NAME;
    }

    /** Units kept for any class (the original kept 58 distinct units from 3 x 20). */
    int distinctUnits() {
        TreeSet<Integer> all = new TreeSet<>();
        classes.forEach(c -> c.units().forEach(u -> all.add(u.unit())));
        return all.size();
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layer", layer);
        s.put("images", images);
        s.put("classes", classes.size());
        s.put("distinct_units", distinctUnits());
        return s;
    }

    @Override
    public void writeTo(Path runDirectory) throws IOException {
        Files.createDirectories(runDirectory);
        List<Map<String, String>> rows = new ArrayList<>();
        for (ClassRanking c : classes) {
            for (RankedUnit u : c.units()) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("class", c.className());
                row.put("rank", String.valueOf(u.rank()));
                row.put("unit", String.valueOf(u.unit()));
                row.put("count", String.valueOf(u.count()));
                row.put("mean_score", String.valueOf(u.meanScore()));
                rows.add(row);
            }
        }
        new Csv(List.of("class", "rank", "unit", "count", "mean_score"), rows).write(runDirectory.resolve(CSV));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("strategy", strategy());
        json.put("layer", layer);
        json.put("images", images);
        json.put("top_units_per_image", topUnitsPerImage);
        json.put("units_per_class", unitsPerClass);
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (ClassRanking c : classes) {
            List<Map<String, Object>> units = new ArrayList<>();
            for (RankedUnit u : c.units()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rank", u.rank());
                m.put("unit", u.unit());
                m.put("count", u.count());
                m.put("mean_score", u.meanScore());
                units.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", c.className());
            m.put("units", units);
            perClass.add(m);
        }
        json.put("classes", perClass);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(runDirectory.resolve(JSON).toFile(), json);
    }
}
