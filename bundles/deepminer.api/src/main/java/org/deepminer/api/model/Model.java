package org.deepminer.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A loaded model made available to the runtime, typically by a model bundle (a bundle with a
 * {@code deepminer.model} capability) or a model file dropped into {@code deploy/}. It is registered with
 * {@link org.deepminer.api.ServiceProperties#MODEL_NAME}, {@code MODEL_BACKEND}, {@code MODEL_SHA256}
 * and {@code MODEL_CLASSES}, and unregistered and closed when its bundle or file goes away.
 */
@ProviderType
public interface Model {

    ModelInfo info();

    /** The loaded model; valid while this service is registered. Do not close it. */
    LoadedModel loaded();

    /**
     * The loaded model for one piece of work that may outlive this registration (a probe over a data set):
     * a model replaced or removed meanwhile, as a hot deploy does, stays usable through the leases still open
     * and is freed when the last one closes. Close the lease when the work is done.
     *
     * <p>The default suits a provider whose model lives as long as it does: a view of {@link #loaded()} whose
     * {@code close()} does nothing.
     *
     * @since 1.2
     */
    default LoadedModel lease() {
        LoadedModel m = loaded();
        return new LoadedModel() {
            @Override
            public ModelInfo info() {
                return m.info();
            }

            @Override
            public ForwardResult forward(FloatTensor batch, java.util.Set<String> layers) {
                return m.forward(batch, layers);
            }

            @Override
            public ClassifierHead head(String layer) {
                return m.head(layer);
            }

            @Override
            public void close() {
                // the provider owns the model
            }
        };
    }
}
