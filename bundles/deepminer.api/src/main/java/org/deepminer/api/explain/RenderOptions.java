package org.deepminer.api.explain;

import java.util.Map;

/**
 * How to render.
 *
 * @param keepIdentifiers copy patient name, id and birth date into outputs (off by default: outputs
 *        carry no patient identifiers unless the user asks)
 * @param extra renderer-specific options
 */
public record RenderOptions(boolean keepIdentifiers, Map<String, String> extra) {
    public RenderOptions {
        extra = Map.copyOf(extra);
    }

    public static RenderOptions defaults() {
        return new RenderOptions(false, Map.of());
    }
}
