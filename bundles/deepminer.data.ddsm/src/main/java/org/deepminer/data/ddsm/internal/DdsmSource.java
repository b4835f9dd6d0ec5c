package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Vocabularies;

import java.nio.file.Path;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code ddsm} data set format: a folder of DDSM case folders (at any depth), each with its
 * {@code .ics} case file, per-image {@code .OVERLAY} files and the images converted from LJPEG to PNG,
 * PGM or TIFF. Options: see {@link Settings}.
 */
@Component(property = {
        ServiceProperties.DATASET_FORMAT + "=" + DdsmDataset.FORMAT,
        ServiceProperties.NAME + "=DDSM",
        ServiceProperties.DESCRIPTION + "=DDSM case folders: .ics, .OVERLAY chain codes, images converted to PNG/PGM/TIFF"})
public class DdsmSource implements DatasetSource {

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
        return DdsmDataset.FORMAT;
    }

    @Override
    public Dataset open(Path path, DatasetOptions options) {
        return DdsmDataset.open(path, options, vocabularies.choose(path, options.vocabulary()));
    }

}
