package org.deepminer.annotate.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.api.DeepMinerException;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.core.run.UnitTable;

/**
 * A run folder as the annotation commands see it: the model file's hash and the layer its manifest names (the
 * key of its units' labels), and its unit table.
 *
 * @param dir the run folder
 * @param modelSha256 the probed model's hash
 * @param layer the probed layer
 */
record RunRef(Path dir, String modelSha256, String layer) {

    static RunRef open(String run) {
        if (run == null || run.isBlank()) {
            throw new DeepMinerException(null, "name the run folder");
        }
        Path d = Path.of(run).toAbsolutePath().normalize();
        if (!Files.exists(d)) {
            throw new DeepMinerException(d.toString(), "no such run folder");
        }
        RunWorkspace ws = RunWorkspace.existing(d);
        RunManifest m = ws.manifest().orElseThrow(() -> new DeepMinerException(d.toString(), "no manifest.json"));
        String sha = m.model() == null ? null : m.model().sha256();
        if (sha == null || sha.isBlank() || m.layer() == null || m.layer().isBlank()) {
            throw new DeepMinerException(d.resolve(RunWorkspace.MANIFEST).toString(),
                    "names no model SHA-256 or layer: the run's units cannot be keyed");
        }
        try {
            return new RunRef(d, AnnotationRules.modelSha256(sha), AnnotationRules.layer(m.layer()));
        } catch (DeepMinerException e) {
            throw new DeepMinerException(d.resolve(RunWorkspace.MANIFEST).toString(), e.getMessage());
        }
    }

    /** The run's {@code units.csv}; an error when the run has none. */
    Csv units() {
        Path f = dir.resolve(RunWorkspace.UNITS);
        if (!Files.isRegularFile(f)) {
            throw new DeepMinerException(dir.toString(), "no " + RunWorkspace.UNITS + ": probe the run first (deepminer:probe)");
        }
        try {
            Csv csv = Csv.read(f);
            if (!csv.columns().contains(UnitTable.UNIT)) {
                throw new DeepMinerException(f.toString(), "has no '" + UnitTable.UNIT + "' column");
            }
            return csv;
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** An error unless the unit has a row in {@code units.csv}. */
    void checkUnit(int unit) {
        Csv units = units();
        TreeSet<Integer> known = new TreeSet<>();
        for (Map<String, String> row : units.rows()) {
            try {
                known.add(Integer.parseInt(row.get(UnitTable.UNIT).strip()));
            } catch (NumberFormatException e) {
                // a unit table of named units: only numbers can be channels
            }
        }
        if (!known.contains(unit)) {
            throw new DeepMinerException(dir.resolve(RunWorkspace.UNITS).toString(), "unknown unit " + unit
                    + (known.isEmpty() ? ": the table lists none" : " (units " + known.first() + "-" + known.last() + ")"));
        }
    }

    String name() {
        return dir.toString();
    }
}
