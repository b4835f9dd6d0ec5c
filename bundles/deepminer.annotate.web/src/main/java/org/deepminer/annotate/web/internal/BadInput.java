package org.deepminer.annotate.web.internal;

import org.deepminer.api.DeepMinerException;

/** Input a user can correct (a short password, an unknown concept): shown on the form, answered with 400. */
final class BadInput extends DeepMinerException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(null, message);
    }
}
