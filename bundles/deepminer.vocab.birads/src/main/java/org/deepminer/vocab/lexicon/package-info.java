/**
 * Vocabularies as data: a tab-separated lexicon file read into concepts and the spelling index that
 * {@code resolve} uses. Generic over vocabularies (nothing here knows BI-RADS). Private for now.
 */
package org.deepminer.vocab.lexicon;
