package org.deepminer.mining.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.probe.ProbeAccumulator;

/**
 * The saved state of an unfinished pass: where it stands and every worker's accumulators, with Java
 * serialisation. Only possible when every accumulator is {@link Serializable}; the runner checks and
 * otherwise resumes at step granularity. Classes are resolved through the strategies' class loaders too,
 * since inside OSGi this bundle cannot see the strategy bundles' classes.
 */
final class Checkpoints {
    private Checkpoints() {}

    /** The state; accumulators by strategy name, one per worker. */
    static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final int pass;
        final Position next;
        final long items;
        final long scoreBytes;
        final LinkedHashMap<String, ArrayList<ProbeAccumulator>> accumulators;

        State(int pass, Position next, long items, long scoreBytes, Map<String, List<ProbeAccumulator>> accumulators) {
            this.pass = pass;
            this.next = next;
            this.items = items;
            this.scoreBytes = scoreBytes;
            this.accumulators = new LinkedHashMap<>();
            accumulators.forEach((k, v) -> this.accumulators.put(k, new ArrayList<>(v)));
        }
    }

    /** The first accumulator that cannot be saved, by strategy name; empty when all can. */
    static Optional<String> notSerialisable(Map<String, List<ProbeAccumulator>> accumulators) {
        for (Map.Entry<String, List<ProbeAccumulator>> e : accumulators.entrySet()) {
            for (ProbeAccumulator a : e.getValue()) {
                if (!(a instanceof Serializable)) {
                    return Optional.of(e.getKey() + " (" + a.getClass().getName() + ")");
                }
            }
        }
        return Optional.empty();
    }

    static byte[] write(State state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            // an accumulator holding something unserialisable: the run goes on without a checkpoint
            throw new IllegalStateException("cannot save the accumulators: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** Reads a state back; empty when it does not deserialise (another version of a strategy, say). */
    static Optional<State> read(byte[] bytes, List<ClassLoader> loaders) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loaders)) {
            return Optional.of((State) in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final List<ClassLoader> loaders;

        LoaderObjectInputStream(InputStream in, List<ClassLoader> loaders) throws IOException {
            super(in);
            this.loaders = loaders;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return super.resolveClass(desc);
            } catch (ClassNotFoundException e) {
                for (ClassLoader l : loaders) {
                    try {
                        return Class.forName(desc.getName(), false, l);
                    } catch (ClassNotFoundException ignored) {
                        // try the next strategy's loader
                    }
                }
                throw e;
            }
        }
    }

    static Map<String, List<ProbeAccumulator>> copy(Map<String, ArrayList<ProbeAccumulator>> m) {
        Map<String, List<ProbeAccumulator>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }
}
