package org.deepminer.backend.onnx.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelInfo;

/**
 * A registered model. Consumers get views of the loaded model: {@link #loaded()}'s {@code close()} does
 * nothing, the registry owns the native memory; a {@link #lease()} keeps the model open after the registry
 * let it go (a hot deploy replaced it) until the lease closes. The model runs from a private copy; errors name
 * what the user deployed instead.
 */
final class DeployedModel implements Model {

    private final LoadedModel loaded;
    private final LoadedModel shared;
    private final Path copy;
    private final String origin;
    /** Where the model came from: "bundle demo.model 1.0.0" or "file deploy/demo.onnx". */
    final String source;
    private int leases;
    private boolean disposed;
    private boolean closed;

    DeployedModel(LoadedModel loaded, String source, Path copy, String origin) {
        this.loaded = loaded;
        this.source = source;
        this.copy = copy;
        this.origin = origin;
        this.shared = new View(() -> {
            // owned by the registry; see Model#loaded
        });
    }

    @Override
    public ModelInfo info() {
        return loaded.info();
    }

    @Override
    public LoadedModel loaded() {
        return shared;
    }

    @Override
    public LoadedModel lease() {
        synchronized (this) {
            if (disposed) { // new work takes the model registered now
                throw new DeepMinerException(origin, "the model was removed or replaced; take the one registered now");
            }
            leases++;
        }
        AtomicBoolean released = new AtomicBoolean();
        return new View(() -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        });
    }

    private void release() {
        synchronized (this) {
            leases--;
            if (!disposed || leases > 0) {
                return;
            }
            closed = true;
        }
        free();
    }

    /**
     * Frees the native memory and the copy now, or when the last open lease closes; the registry calls it after
     * unregistering.
     */
    void dispose() {
        synchronized (this) {
            disposed = true;
            if (leases > 0 || closed) {
                return;
            }
            closed = true;
        }
        free();
    }

    /** Closes the model and deletes the private copy it ran from (read again for heads and controls). */
    private void free() {
        loaded.close();
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // a copy left in the bundle's data area is harmless
        }
    }

    /** The loaded model with errors renamed, and what closing it means. */
    private final class View implements LoadedModel {
        private final Runnable onClose;

        View(Runnable onClose) {
            this.onClose = onClose;
        }

        @Override
        public ModelInfo info() {
            return loaded.info();
        }

        @Override
        public ForwardResult forward(FloatTensor batch, Set<String> layers) {
            try {
                return loaded.forward(batch, layers);
            } catch (DeepMinerException e) {
                throw renamed(e, copy, origin);
            }
        }

        @Override
        public ClassifierHead head(String layer) {
            try {
                return loaded.head(layer);
            } catch (DeepMinerException e) {
                throw renamed(e, copy, origin);
            }
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** The same error, naming the deployed file or bundle instead of the private copy. */
    static DeepMinerException renamed(DeepMinerException e, Path copy, String origin) {
        String prefix = copy.toString() + ": ";
        if (e.getMessage() == null || !e.getMessage().startsWith(prefix)) {
            return e;
        }
        return new DeepMinerException(origin, e.getMessage().substring(prefix.length()), e);
    }

    @Override
    public String toString() {
        return "Model[" + info().name() + " from " + source + "]";
    }
}
