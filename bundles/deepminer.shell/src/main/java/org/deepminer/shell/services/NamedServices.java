package org.deepminer.shell.services;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepminer.api.DeepMinerException;

/**
 * Services of one kind under the names a command picks them by, in the order they were bound. Thread-safe:
 * DS binds and unbinds while commands read. A command keeps one per kind and fills it from its dynamic
 * references' bind and unbind methods.
 *
 * @param <T> the service type
 */
public final class NamedServices<T> {

    /** A service and the name it goes by. */
    public record Entry<T>(String name, T service) {}

    private final String what;
    private final String hint;
    private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

    /**
     * @param what how a refusal names the kind, e.g. {@code "dataset source for format"}
     * @param hint how to get one when none is registered, e.g. {@code "launch with --features data"}
     */
    public NamedServices(String what, String hint) {
        this.what = what;
        this.hint = hint;
    }

    public void add(String name, T service) {
        entries.add(new Entry<>(String.valueOf(name), service));
    }

    /** Removes the service, by identity (DS unbinds the very object it bound). */
    public void remove(T service) {
        entries.removeIf(e -> e.service() == service);
    }

    /** The first service bound under the name. */
    public Optional<T> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).map(Entry::service).findFirst();
    }

    /**
     * The service bound under the name.
     *
     * @throws DeepMinerException naming the registered names, or saying how to get one when there are none
     */
    public T require(String name) {
        return find(name).orElseThrow(() -> new DeepMinerException(null, "no " + what + " '" + name + "'; registered: "
                + (entries.isEmpty() ? "none (" + hint + ")" : String.join(", ", names()))));
    }

    /** The names, sorted, each once. */
    public List<String> names() {
        return entries.stream().map(Entry::name).distinct().sorted().toList();
    }

    /** The entries sorted by name. */
    public List<Entry<T>> sorted() {
        return entries.stream().sorted(Comparator.comparing(Entry::name)).toList();
    }

    /** Every service, in binding order. */
    public List<T> services() {
        return entries.stream().map(Entry::service).toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
