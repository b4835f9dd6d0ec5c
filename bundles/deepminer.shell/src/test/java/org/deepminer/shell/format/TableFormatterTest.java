package org.deepminer.shell.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {

    @Test
    void alignsColumnsToTheWidestCell() {
        Table t = new Table("Models (2)", List.of("name", "backend"),
                List.of(List.of("demo", "onnx"), List.of("a-much-longer-name", "dl4j")));
        String out = TableFormatter.format(() -> List.of(t));
        String[] lines = out.split("\n");
        assertEquals("Models (2)", lines[0]);
        assertEquals("  name                backend", lines[1]);
        assertEquals("  ------------------  -------", lines[2]);
        assertEquals("  demo                onnx", lines[3]);
        assertEquals("  a-much-longer-name  dl4j", lines[4]);
    }

    @Test
    void anEmptyTableSaysSo() {
        Table t = new Table("Evaluators (0)", List.of("name"), List.of());
        assertEquals("Evaluators (0)\n  (none)\n", TableFormatter.format(() -> List.of(t)));
    }

    @Test
    void newlinesInCellsCannotBreakTheTable() {
        Table t = new Table("", List.of("reason"), List.of(List.of("line one\nline two")));
        String out = TableFormatter.format(() -> List.of(t));
        assertEquals(3, out.split("\n").length);
        assertTrue(out.contains("line one line two"));
    }

    @Test
    void longCellsAreCut() {
        Table t = new Table("", List.of("v"), List.of(List.of("x".repeat(500))));
        String last = TableFormatter.format(() -> List.of(t)).split("\n")[2];
        assertEquals(2 + TableFormatter.MAX_CELL, last.length());
        assertTrue(last.endsWith("..."));
    }

    @Test
    void rowsMustMatchTheColumns() {
        assertThrows(IllegalArgumentException.class,
                () -> new Table("t", List.of("a", "b"), List.of(List.of("only one"))));
    }
}
