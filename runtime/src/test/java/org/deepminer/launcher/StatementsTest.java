package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    void newlinesAndSemicolonsEndStatements() {
        assertEquals(List.of("deepminer:status", "echo a", "echo b"),
                Statements.split("deepminer:status\n\necho a; echo b\n"));
    }

    @Test
    void commentsAreDropped() {
        assertEquals(List.of("echo x"), Statements.split("# set up\necho x\n  # trailing comment\n"));
    }

    @Test
    void bracketsAndQuotesKeepAStatementTogether() {
        String closure = "each [1 2] {\n  echo $it; echo done\n}";
        assertEquals(List.of(closure, "echo 'a;b'", "echo \"c\nd\""),
                Statements.split(closure + "\necho 'a;b'\necho \"c\nd\""));
    }

    @Test
    void aHashInsideAStatementIsNotAComment() {
        assertEquals(List.of("echo a#b"), Statements.split("echo a#b"));
    }

    @Test
    void backslashContinuesTheLine() {
        assertEquals(List.of("deepminer:status   --x"), Statements.split("deepminer:status \\\n --x"));
    }
}
