package org.deepminer.annotate.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.deepminer.api.DeepMinerException;

/**
 * The annotators' accounts, kept in {@code accounts.json} in the store folder. Every change writes the whole
 * file to a temporary name, forces it to disk and moves it into place, so a crash leaves the old or the new file,
 * never half of one. Passwords are stored only as {@link PasswordHasher} hashes; the file is readable by its
 * owner only.
 */
final class AccountStore {
    static final String FILE = "accounts.json";
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;
    /** Lower-case letters, digits, dot, dash, underscore; the annotation store records the name with each label. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    /** Names the annotation store keeps for itself. */
    static final List<String> RESERVED = List.of("auto");

    enum Role {
        ADMIN, ANNOTATOR;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param name the login name, also the annotator name on every label
     * @param role admins add annotators and reset passwords; they annotate too
     * @param hash the password hash
     * @param created when the account was added
     * @param createdBy the admin who added it, or {@code setup} for the first one
     */
    record Account(String name, Role role, String hash, String created, String createdBy) {
        boolean admin() {
            return role == Role.ADMIN;
        }
    }

    /** The file's layout. */
    record AccountsFile(int version, List<Account> accounts) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final PasswordHasher hasher;
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    private AccountStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
    }

    /** Opens (or starts) the accounts file in a folder. */
    static AccountStore open(Path dir, PasswordHasher hasher) {
        Path d = dir.toAbsolutePath().normalize();
        AccountStore store = new AccountStore(d.resolve(FILE), hasher);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new DeepMinerException(d.toString(), "cannot create the store folder: " + e.getMessage(), e);
        }
        if (Files.isRegularFile(store.file)) {
            store.load();
        }
        return store;
    }

    Path file() {
        return file;
    }

    private void load() {
        AccountsFile f;
        try {
            f = JSON.readValue(file.toFile(), AccountsFile.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new DeepMinerException(file.toString(), where + "not an accounts file: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (f == null || f.accounts() == null) {
            throw new DeepMinerException(file.toString(), "not an accounts file: no \"accounts\" list");
        }
        int i = 0;
        for (Account a : f.accounts()) {
            i++;
            if (a == null || a.name() == null || !NAME.matcher(a.name()).matches() || a.role() == null
                    || !PasswordHasher.wellFormed(a.hash())) {
                throw new DeepMinerException(file.toString(), "account " + i + " is incomplete or malformed (name, role, hash)");
            }
            if (accounts.put(a.name(), a) != null) {
                throw new DeepMinerException(file.toString(), "account " + a.name() + " appears twice");
            }
        }
    }

    synchronized List<Account> accounts() {
        List<Account> out = new ArrayList<>(accounts.values());
        out.sort(Comparator.comparing(Account::name));
        return out;
    }

    synchronized Optional<Account> find(String name) {
        return Optional.ofNullable(name == null ? null : accounts.get(name));
    }

    synchronized boolean hasAdmin() {
        return accounts.values().stream().anyMatch(Account::admin);
    }

    /** Adds an account; the caller has checked that whoever asks may. */
    Account add(String name, char[] password, Role role, String createdBy) {
        String n = checkName(name);
        checkPassword(password);
        String hash = hasher.hash(password); // slow: outside the lock
        synchronized (this) {
            if (accounts.containsKey(n)) {
                throw new BadInput("an account named " + n + " exists already");
            }
            Account a = new Account(n, role, hash, Instant.now().toString(), createdBy);
            accounts.put(n, a);
            try {
                save();
            } catch (RuntimeException e) {
                accounts.remove(n);
                throw e;
            }
            return a;
        }
    }

    /** The account when the password is right; spends the same time when the account does not exist. */
    Optional<Account> authenticate(String name, char[] password) {
        Optional<Account> a = find(name == null ? null : name.strip().toLowerCase(Locale.ROOT));
        if (a.isEmpty() || password == null) {
            hasher.verifyDecoy(password == null ? new char[0] : password);
            return Optional.empty();
        }
        if (!hasher.verify(password, a.get().hash())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(a.get().hash())) {
            replaceHash(a.get().name(), hasher.hash(password));
        }
        return find(a.get().name());
    }

    /** Sets a new password (an admin's reset, or the owner's change after checking the old one). */
    void setPassword(String name, char[] password) {
        checkPassword(password);
        if (find(name).isEmpty()) {
            throw new BadInput("no account named " + name);
        }
        replaceHash(name, hasher.hash(password));
    }

    private synchronized void replaceHash(String name, String hash) {
        Account old = accounts.get(name);
        if (old == null) {
            return;
        }
        accounts.put(name, new Account(old.name(), old.role(), hash, old.created(), old.createdBy()));
        try {
            save();
        } catch (RuntimeException e) {
            accounts.put(name, old);
            throw e;
        }
    }

    static String checkName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            throw new BadInput("an account name is 2-32 characters: lower-case letters, digits, '.', '-' or '_', "
                    + "starting with a letter");
        }
        if (RESERVED.contains(n)) {
            throw new BadInput("'" + n + "' is reserved for automatic labels");
        }
        return n;
    }

    static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new BadInput("a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.length > MAX_PASSWORD) {
            throw new BadInput("a password has at most " + MAX_PASSWORD + " characters");
        }
    }

    private void save() {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(new AccountsFile(1, new ArrayList<>(accounts.values())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("accounts are always writable as JSON", e);
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ownerOnly(tmp);
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot write the accounts: " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path f) {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the folder's own permissions have to do
        }
    }

    /** Makes the rename itself durable (POSIX: fsync the directory). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // some platforms cannot open a directory; the rename is as durable as they make it
        } catch (IOException e) {
            // same
        }
    }
}
