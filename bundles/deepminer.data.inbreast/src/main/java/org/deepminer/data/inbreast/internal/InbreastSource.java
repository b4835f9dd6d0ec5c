package org.deepminer.data.inbreast.internal;

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
 * The {@code inbreast} data set format: a folder with INbreast.csv (semicolon-separated), AllDICOMs/ and AllXML/
 * (OsiriX plist ROI files), as the INbreast download is laid out. Images are read through the platform's
 * {@link DicomService}. Options: {@code validation} (0.1) and {@code test} (0.2) fractions of cases by hash,
 * {@code pathology} ({@code birads}, the default, or {@code unproven}), {@code point-radius} (pixels a
 * single-point calcification covers around its point, default 2).
 */
@Component(property = {
        ServiceProperties.DATASET_FORMAT + "=" + InbreastDataset.FORMAT,
        ServiceProperties.NAME + "=INbreast",
        ServiceProperties.DESCRIPTION + "=INbreast: INbreast.csv (semicolons), DICOM images, OsiriX plist ROI files"})
public class InbreastSource implements DatasetSource {

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
        return InbreastDataset.FORMAT;
    }

    @Override
    public Dataset open(Path path, DatasetOptions options) {
        return InbreastDataset.open(path, options, vocabularies.choose(path, options.vocabulary()), dicom);
    }
}
