package org.deepminer.data.cbis.internal;

import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;

/**
 * Every CBIS-DDSM reader test again, resolving through the real BI-RADS vocabulary instead of the test
 * double: the CBIS spellings the tests write must reach the same concept ids of docs/concepts.md.
 */
class CbisDatasetBiradsTest extends CbisDatasetTest {
    @Override
    ConceptVocabulary vocabulary() {
        return new BiradsVocabulary();
    }
}
