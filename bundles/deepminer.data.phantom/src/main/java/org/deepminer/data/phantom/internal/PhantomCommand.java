package org.deepminer.data.phantom.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.io.PhantomParameters;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.dicom.DicomService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code deepminer:phantom}: generates a phantom data set. */
@Component(service = PhantomCommand.class, property = {
        "osgi.command.scope=deepminer",
        "osgi.command.function=phantom"})
public class PhantomCommand {

    private final DicomService dicom;

    @Activate
    public PhantomCommand(@Reference DicomService dicom) {
        this.dicom = dicom;
    }

    @Descriptor("generate synthetic mammograms with BI-RADS lesions, masks, reports, DDSM and CBIS-DDSM files into a folder")
    public PhantomSummary phantom(
            @Descriptor("number of cases, one breast each") @Parameter(names = "--cases", absentValue = "100") int cases,
            @Descriptor("seed") @Parameter(names = "--seed", absentValue = "123") long seed,
            @Descriptor("image side in pixels") @Parameter(names = "--size", absentValue = "512") int size,
            @Descriptor("views of each breast") @Parameter(names = "--views", absentValue = "CC,MLO") String views,
            @Descriptor("lesion contrast, a multiple of the physical contrast")
            @Parameter(names = "--contrast", absentValue = "3.0") double contrast,
            @Descriptor("output folder (new, empty, or an earlier phantom folder)") String dir) throws IOException {
        PhantomParameters parameters;
        try {
            parameters = new PhantomParameters(cases, seed, size, PhantomParameters.parseViews(views), contrast,
                    CasePrior.Mix.defaults(), Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(null, e.getMessage());
        }
        return PhantomSummary.of(new PhantomGenerator(dicom).generate(Path.of(dir), parameters));
    }
}
