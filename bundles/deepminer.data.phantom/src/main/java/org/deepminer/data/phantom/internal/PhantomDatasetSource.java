package org.deepminer.data.phantom.internal;

import java.nio.file.Path;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.data.phantom.internal.io.PhantomDataset;
import org.deepminer.dicom.DicomService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code phantom} dataset source: reads back what {@code deepminer:phantom} writes. */
@Component(service = DatasetSource.class, property = {
        ServiceProperties.DATASET_FORMAT + "=phantom",
        ServiceProperties.NAME + "=phantom",
        ServiceProperties.DESCRIPTION + "=Synthetic mammograms with BI-RADS lesions, masks and reports (deepminer:phantom)"})
public class PhantomDatasetSource implements DatasetSource {

    private final DicomService dicom;

    @Activate
    public PhantomDatasetSource(@Reference DicomService dicom) {
        this.dicom = dicom;
    }

    @Override
    public String format() {
        return "phantom";
    }

    @Override
    public Dataset open(Path path, DatasetOptions options) {
        return new PhantomDataset(path, options, dicom);
    }
}
