package org.deepminer.mining;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;

/** A real model that counts its forward passes. */
final class CountingModel implements LoadedModel {
    final LoadedModel model;
    final AtomicInteger forwardCalls = new AtomicInteger();
    /** The forward call (1-based) that fails, as a killed process would stop; 0: none. */
    volatile int failAt;

    CountingModel(LoadedModel model) {
        this.model = model;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public ForwardResult forward(FloatTensor batch, Set<String> layers) {
        if (forwardCalls.incrementAndGet() == failAt) {
            throw new IllegalStateException("simulated crash");
        }
        return model.forward(batch, layers);
    }

    @Override
    public ClassifierHead head(String layer) {
        return model.head(layer);
    }

    @Override
    public void close() {
        model.close();
    }
}
