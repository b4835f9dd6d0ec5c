package org.deepminer.mining;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;

/**
 * A data set of {@code count} samples that cycles through another's (ids get a {@code #n} suffix): sizes a
 * benchmark without generating thousands of images. Images are read again each time, as a real data set's
 * would be.
 */
final class RepeatedDataset implements Dataset {
    private final Dataset base;
    private final List<SampleRef> refs = new ArrayList<>();

    RepeatedDataset(Dataset base, int count) {
        this.base = base;
        List<SampleRef> b = base.samples();
        for (int i = 0; i < count; i++) {
            SampleRef r = b.get(i % b.size());
            refs.add(new SampleRef(r.id() + "#" + i, r.caseId() + "#" + i / b.size(), r.split(), r.label()));
        }
    }

    private SampleRef original(SampleRef ref) {
        int hash = ref.id().lastIndexOf('#');
        int i = Integer.parseInt(ref.id().substring(hash + 1));
        return base.samples().get(i % base.samples().size());
    }

    @Override
    public String format() {
        return base.format();
    }

    @Override
    public List<SampleRef> samples() {
        return refs;
    }

    @Override
    public Sample load(SampleRef ref) {
        Sample s = base.load(original(ref));
        return new Sample(ref, s.image(), s.metadata(), s.truth());
    }

    @Override
    public GroundTruth truth(SampleRef ref) {
        return base.truth(original(ref));
    }

    @Override
    public List<String> problems() {
        return base.problems();
    }
}
