package org.deepminer.shell.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;

class NamedServicesTest {

    @Test
    void findsByNameAndRefusesNamingWhatIsRegistered() {
        NamedServices<String> sources = new NamedServices<>("dataset source for format", "launch with --features data");
        DeepMinerException none = assertThrows(DeepMinerException.class, () -> sources.require("ddsm"));
        assertEquals("no dataset source for format 'ddsm'; registered: none (launch with --features data)", none.getMessage());

        String phantom = new String("phantom reader");
        sources.add("phantom", phantom);
        sources.add("cbis-ddsm", "cbis reader");
        sources.add("phantom", "a second phantom reader");
        assertTrue(sources.require("phantom") == phantom, "the first bound under a name");
        assertEquals(Optional.empty(), sources.find("vindr"));
        assertEquals("no dataset source for format 'vindr'; registered: cbis-ddsm, phantom",
                assertThrows(DeepMinerException.class, () -> sources.require("vindr")).getMessage());
        assertEquals(List.of("cbis-ddsm", "phantom"), sources.names());
        assertEquals("cbis-ddsm", sources.sorted().get(0).name());

        sources.remove(phantom);
        assertEquals("a second phantom reader", sources.require("phantom"), "unbinding removes that very service");
        assertEquals(List.of("cbis reader", "a second phantom reader"), sources.services());
    }
}
