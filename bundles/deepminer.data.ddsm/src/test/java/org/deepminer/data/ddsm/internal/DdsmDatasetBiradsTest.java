package org.deepminer.data.ddsm.internal;

import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;

/**
 * Every DDSM reader test again, resolving through the real BI-RADS vocabulary instead of the test double:
 * the DDSM spellings the tests write must reach the same concept ids of docs/concepts.md.
 */
class DdsmDatasetBiradsTest extends DdsmDatasetTest {
    @Override
    ConceptVocabulary vocabulary() {
        return new BiradsVocabulary();
    }
}
