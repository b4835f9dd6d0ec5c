package org.deepminer.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.shell.format.TableFormatter;
import org.junit.jupiter.api.Test;

class PlatformCommandsTest {

    public static class Sample {
        @Descriptor("generate a phantom data set")
        public Object phantom(@Parameter(names = {"-n", "--cases"}, absentValue = "10") int cases,
                @Parameter(names = {"--strict"}, presentValue = "true", absentValue = "false") boolean strict,
                @Descriptor("dir") String dir) {
            return null;
        }
    }

    @Test
    void usageShowsArgumentsOptionsAndFlags() {
        List<CommandHelp.Command> commands = PlatformCommands.describe(Sample.class, "phantom");
        assertEquals(1, commands.size());
        CommandHelp.Command c = commands.get(0);
        assertEquals("deepminer:phantom", c.name());
        assertEquals("<dir> [--cases int] [--strict]", c.usage());
        assertEquals("generate a phantom data set", c.description());
    }

    @Test
    void statusPrintsOneTablePerFamilyAndTheProblems() {
        StatusReport report = new StatusReport(
                Map.of("Concept vocabularies", List.of(new StatusReport.ServiceEntry("birads", "deepminer.vocab.birads 1.0.0",
                        42, Map.of("deepminer.vocabulary.version", "5"), "BI-RADS 5th edition"))),
                List.of(new StatusReport.Problem("broken 1.0.0 (file:/deploy/broken.jar)", "INSTALLED",
                        "missing requirement: osgi.wiring.package (osgi.wiring.package=no.such)")));
        String text = TableFormatter.format(report);
        assertEquals(1, report.count("Concept vocabularies"));
        assertEquals(0, report.count("Models"));
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("Concept vocabularies (1)"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("deepminer.vocabulary.version=5"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("Problems (1)"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("osgi.wiring.package=no.such"), text);
    }
}
