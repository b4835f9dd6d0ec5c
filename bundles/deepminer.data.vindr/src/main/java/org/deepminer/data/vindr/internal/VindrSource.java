package org.deepminer.data.vindr.internal;

import java.nio.file.Path;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.data.support.Vocabularies;
import org.deepminer.dicom.DicomService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code vindr-mammo} data set format: a folder with breast-level_annotations.csv,
 * finding_annotations.csv and images/&lt;study_id&gt;/&lt;image_id&gt;.dicom, as PhysioNet ships VinDr-Mammo.
 * Images are read through the platform's {@link DicomService}. Options: {@code validation} (fraction of
 * training studies held out, default 0.1), {@code pathology} ({@code birads}, the default, or {@code unproven}).
 */
@Component(property = {
        ServiceProperties.DATASET_FORMAT + "=" + VindrDataset.FORMAT,
        ServiceProperties.NAME + "=VinDr-Mammo",
        ServiceProperties.DESCRIPTION + "=VinDr-Mammo: breast-level and finding annotation CSVs, DICOM images"})
public class VindrSource implements DatasetSource {

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
        return VindrDataset.FORMAT;
    }

    @Override
    public Dataset open(Path path, DatasetOptions options) {
        return VindrDataset.open(path, options, vocabularies.choose(path, options.vocabulary()), dicom);
    }
}
