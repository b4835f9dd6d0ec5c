package org.deepminer.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The core platform in a real framework: every bundle active, the commands registered and formatted. */
class PlatformTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    CommandProcessor shell;

    @Test
    void everyBundleIsActive() {
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            assertEquals(fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState(),
                    b.getSymbolicName() + " is in state " + b.getState());
        }
        assertTrue(Arrays.stream(context.getBundles()).anyMatch(b -> "deepminer.api".equals(b.getSymbolicName())));
    }

    @Test
    void statusPrintsATablePerFamily() throws Exception {
        String status = Shell.run(shell, "deepminer:status");
        for (String family : new String[] {"Model backends (", "Models (", "Dataset sources (", "Concept vocabularies (",
                "Probe strategies (", "Explanation renderers (", "Evaluators (", "Problems ("}) {
            assertTrue(status.contains(family), family + " missing in\n" + status);
        }
    }

    @Test
    void helpDescribesItsOwnCommands() throws Exception {
        String help = Shell.run(shell, "deepminer:help");
        assertTrue(help.contains("deepminer:status"), help);
        assertTrue(help.contains("deepminer:help"), help);
        assertTrue(help.contains("list the registered backends"), help);
    }

    @Test
    void unknownCommandsFailWithTheirName() {
        Exception e = assertThrows(Exception.class, () -> Shell.run(shell, "deepminer:nosuch"));
        assertTrue(e.getMessage().contains("deepminer:nosuch"), e.getMessage());
    }
}
