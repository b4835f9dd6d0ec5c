package org.deepminer.mining;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.api.probe.ProbeStrategy;

/** A real strategy whose accumulators note every batch they get (by the identity of its activations). */
final class CountingStrategy implements ProbeStrategy {
    final ProbeStrategy strategy;
    /** Pass number and activation array identity of every batch fed, in any order. */
    final List<String> batches = new CopyOnWriteArrayList<>();

    CountingStrategy(ProbeStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public int passes() {
        return strategy.passes();
    }

    @Override
    public ProbeAccumulator newAccumulator(ProbeContext context) {
        return new Acc(strategy.newAccumulator(context));
    }

    final class Acc implements ProbeAccumulator {
        final ProbeAccumulator inner;
        int pass;

        Acc(ProbeAccumulator inner) {
            this.inner = inner;
        }

        @Override
        public void accept(ProbeBatch batch) {
            batches.add(pass + ":" + System.identityHashCode(batch.activations().data()));
            inner.accept(batch);
        }

        @Override
        public void beginPass(int p) {
            pass = p;
            inner.beginPass(p);
        }

        @Override
        public void merge(ProbeAccumulator other) {
            Acc o = (Acc) other;
            pass = Math.max(pass, o.pass);
            inner.merge(o.inner);
        }

        @Override
        public ProbeResult finish() {
            return inner.finish();
        }
    }
}
