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
}
