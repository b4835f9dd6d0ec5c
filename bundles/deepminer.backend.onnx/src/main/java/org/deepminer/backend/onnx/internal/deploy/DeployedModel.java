package org.deepminer.backend.onnx.internal.deploy;

import java.nio.file.Path;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelInfo;

/**
 * A registered model. Consumers get a view of the loaded model whose {@code close()} does nothing: the
 * registry owns the native memory and frees it when the bundle or file goes away. The model runs from a
 * private copy; errors name what the user deployed instead.
 */
final class DeployedModel implements Model {

    private final LoadedModel loaded;
    private final LoadedModel shared;
    /** Where the model came from: "bundle demo.model 1.0.0" or "file deploy/demo.onnx". */
    final String source;

    DeployedModel(LoadedModel loaded, String source, Path copy, String origin) {
        this.loaded = loaded;
        this.source = source;
        this.shared = new LoadedModel() {
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
                // owned by the registry; see Model#loaded
            }
        };
    }

    @Override
    public ModelInfo info() {
        return loaded.info();
    }

    @Override
    public LoadedModel loaded() {
        return shared;
    }

    /** Frees the native memory; the registry calls it after unregistering the service. */
    void dispose() {
        loaded.close();
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
