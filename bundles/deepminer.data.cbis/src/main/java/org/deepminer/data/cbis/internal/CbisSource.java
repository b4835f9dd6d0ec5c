package org.deepminer.data.cbis.internal;

import org.deepminer.data.support.Vocabularies;

import java.nio.file.Path;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.dicom.DicomService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code cbis-ddsm} data set format: a folder with the CBIS-DDSM description CSVs (at its root or in
 * csv/) and the DICOM tree they point into. Images and ROI masks are read through the platform's
 * {@link DicomService}. Option: {@code validation} (fraction of train cases held out, default 0.1).
 */
@Component(property = {
        ServiceProperties.DATASET_FORMAT + "=" + CbisDataset.FORMAT,
        ServiceProperties.NAME + "=CBIS-DDSM",
        ServiceProperties.DESCRIPTION + "=CBIS-DDSM: description CSVs, DICOM images and ROI mask DICOMs"})
public class CbisSource implements DatasetSource {

    @Reference
    DicomService dicom;

    /** Every registered vocabulary; {@link DatasetOptions#vocabulary()} picks one per open. */
    private final Vocabularies vocabularies = new Vocabularies();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addVocabulary(ConceptVocabulary vocabulary) {
        vocabularies.add(vocabulary);
    }

    void removeVocabulary(ConceptVocabulary vocabulary) {
        vocabularies.remove(vocabulary);
    }

    @Override
    public String format() {
        return CbisDataset.FORMAT;
    }

    @Override
    public Dataset open(Path path, DatasetOptions options) {
        return CbisDataset.open(path, options, vocabularies.choose(path, options.vocabulary()), dicom);
    }

}
