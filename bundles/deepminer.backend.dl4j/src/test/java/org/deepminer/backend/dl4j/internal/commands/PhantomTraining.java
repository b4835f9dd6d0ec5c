package org.deepminer.backend.dl4j.internal.commands;

import java.util.List;
import java.util.Map;
import org.deepminer.api.ServiceProperties;
import org.deepminer.data.phantom.internal.PhantomDatasetSource;
import org.deepminer.dicom.internal.PixelMedDicomService;

/**
 * {@code deepminer:train} outside the OSGi runtime, on phantom data sets: the command object with the phantom
 * source and the PixelMed DICOM service constructed directly. For tests, and to train from a build tree:
 * {@code java -cp <test class path> org.deepminer.backend.dl4j.internal.commands.PhantomTraining <train arguments>}.
 */
public final class PhantomTraining {
    private PhantomTraining() {}

    static TrainCommand command() {
        PixelMedDicomService dicom = new PixelMedDicomService();
        dicom.start();
        TrainCommand c = new TrainCommand();
        c.addSource(new PhantomDatasetSource(dicom), Map.of(ServiceProperties.DATASET_FORMAT, "phantom"));
        return c;
    }

    public static void main(String[] args) {
        TrainingSummary s = command().train(List.of(args), line -> System.out.println(line));
        for (var t : s.tables()) {
            System.out.println(t.title());
            System.out.println(String.join(" | ", t.columns()));
            t.rows().forEach(r -> System.out.println(String.join(" | ", r)));
        }
        System.exit(0);
    }
}
