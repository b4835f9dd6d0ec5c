package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
    @TempDir
    Path dir;
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void accountsSurviveAReopenAndTheFileHoldsNoPassword() throws Exception {
        AccountStore s = AccountStore.open(dir, hasher);
        assertFalse(s.hasAdmin());
        s.add("ada", "a long passphrase".toCharArray(), AccountStore.Role.ADMIN, "setup");
        s.add("Ben", "another passphrase".toCharArray(), AccountStore.Role.ANNOTATOR, "ada");
        AccountStore again = AccountStore.open(dir, hasher);
        assertTrue(again.hasAdmin());
        assertEquals(2, again.accounts().size());
        assertTrue(again.authenticate("ada", "a long passphrase".toCharArray()).isPresent());
        assertTrue(again.authenticate("BEN ", "another passphrase".toCharArray()).isPresent(), "names are lower case");
        assertTrue(again.authenticate("ada", "another passphrase".toCharArray()).isEmpty());
        assertTrue(again.authenticate("nobody", "a long passphrase".toCharArray()).isEmpty());
        String file = Files.readString(dir.resolve(AccountStore.FILE));
        assertFalse(file.contains("passphrase"));
        assertTrue(file.contains("pbkdf2-sha256$"));
        assertFalse(Files.exists(dir.resolve(AccountStore.FILE + ".tmp")), "written atomically: no temporary file left");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve(AccountStore.FILE)));
    }

    @Test
    void refusesBadNamesShortPasswordsDuplicatesAndTheReservedName() {
        AccountStore s = AccountStore.open(dir, hasher);
        s.add("ada", "a long passphrase".toCharArray(), AccountStore.Role.ADMIN, "t");
        for (String name : new String[] {"a", "<script>", "ada lovelace", "9lives", "x".repeat(33), "auto", "ada"}) {
            assertThrows(BadInput.class, () -> s.add(name, "a long passphrase".toCharArray(), AccountStore.Role.ANNOTATOR, "t"), name);
        }
        assertThrows(BadInput.class, () -> s.add("cleo", "short".toCharArray(), AccountStore.Role.ANNOTATOR, "t"));
        assertEquals(1, s.accounts().size());
    }

    @Test
    void aNewPasswordReplacesTheOld() {
        AccountStore s = AccountStore.open(dir, hasher);
        s.add("ada", "a long passphrase".toCharArray(), AccountStore.Role.ADMIN, "t");
        s.setPassword("ada", "a different passphrase".toCharArray());
        AccountStore again = AccountStore.open(dir, hasher);
        assertTrue(again.authenticate("ada", "a long passphrase".toCharArray()).isEmpty());
        assertTrue(again.authenticate("ada", "a different passphrase".toCharArray()).isPresent());
    }

    @Test
    void aHashWithOldIterationsIsUpgradedAtTheNextSignIn() {
        AccountStore.open(dir, hasher).add("ada", "a long passphrase".toCharArray(), AccountStore.Role.ADMIN, "t");
        PasswordHasher stronger = new PasswordHasher(PasswordHasher.MIN_ITERATIONS + 1);
        AccountStore s = AccountStore.open(dir, stronger);
        assertTrue(s.authenticate("ada", "a long passphrase".toCharArray()).isPresent());
        assertFalse(stronger.needsRehash(AccountStore.open(dir, stronger).find("ada").orElseThrow().hash()));
    }

    @Test
    void aDamagedFileIsAnErrorThatNamesItAndTheLine() throws Exception {
        Files.writeString(dir.resolve(AccountStore.FILE), "{\n  \"version\": 1,\n  \"accounts\": [ {\"name\": \"ada\",, } ]\n}");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> AccountStore.open(dir, hasher));
        assertTrue(e.getMessage().contains(dir.resolve(AccountStore.FILE).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(dir.resolve(AccountStore.FILE), "{\"version\":1,\"accounts\":[{\"name\":\"ada\",\"role\":\"ADMIN\",\"hash\":\"plain\"}]}");
        DeepMinerException m = assertThrows(DeepMinerException.class, () -> AccountStore.open(dir, hasher));
        assertTrue(m.getMessage().contains("account 1"), m.getMessage());
    }
}
