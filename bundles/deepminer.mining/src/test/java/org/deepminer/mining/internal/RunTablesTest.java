package org.deepminer.mining.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.UnitTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTablesTest {
    @TempDir
    Path run;

    @Test
    void aNestedControlRunIsNeverJoinedIntoTheRunsUnitTable() throws Exception {
        Files.writeString(run.resolve("rankings.csv"), "class,rank,unit,count,mean_score\nbenign,1,7,10,0.5\n");
        // the control run of a re-probe exists before the trained run's table is written again
        Path control = Files.createDirectories(run.resolve("control-random"));
        Files.writeString(control.resolve("manifest.json"), "{}");
        Files.writeString(control.resolve("units.csv"), "unit,benign_rank\n9,1\n");
        // a strategy's own folder with unit columns is joined
        Path extra = Files.createDirectories(run.resolve("my-strategy"));
        Files.writeString(extra.resolve("units.csv"), "unit,my_score\n7,0.25\n");

        Csv merged = UnitTable.merge(RunTables.unitTables(run));
        List<Map<String, String>> rows = merged.rows();
        assertEquals(List.of("7"), rows.stream().map(r -> r.get("unit")).toList(), rows.toString());
        assertEquals("1", rows.get(0).get("benign_rank"));
        assertEquals("0.25", rows.get(0).get("my_score"));
        assertTrue(merged.columns().contains("my_score"));
    }
}
