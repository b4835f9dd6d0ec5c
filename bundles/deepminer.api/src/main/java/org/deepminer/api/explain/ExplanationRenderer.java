package org.deepminer.api.explain;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes an explanation in one format. Register it with
 * {@link org.deepminer.api.ServiceProperties#RENDERER_FORMAT} and {@code RENDERER_MEDIA_TYPE}.
 */
@ConsumerType
public interface ExplanationRenderer {

    /** The format name users type, e.g. {@code html}, {@code dicom-sr}. */
    String format();

    /** The file name extension of what it writes, without the dot. */
    String extension();

    void render(Explanation explanation, RenderOptions options, OutputStream out) throws IOException;
}
