package org.deepminer.annotate.web.internal;

import java.util.Optional;
import java.util.function.Supplier;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * Everything the servlet works with, wired by the component (or by a test): the accounts and sessions, the
 * served runs and their pictures, and the annotation store and vocabulary as they come and go.
 *
 * @param accounts the annotators
 * @param firstAdmin the pending set-up token, if any
 * @param runs the served runs; replaced when {@code deepminer:serve} names others
 * @param store the annotation store service, when one is running
 * @param vocabulary the active concept vocabulary, when one is running
 */
record WebApp(AccountStore accounts, Sessions sessions, LoginThrottle throttle, FirstAdmin firstAdmin,
        Supplier<RunCatalog> runs, UnitImages images, Supplier<Optional<AnnotationStore>> store,
        Supplier<Optional<ConceptVocabulary>> vocabulary) {

    Terms terms() {
        return new Terms(vocabulary.get().orElse(null));
    }
}
