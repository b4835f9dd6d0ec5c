package org.deepminer.api.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** What a strategy computed over a whole data set. */
@ConsumerType
public interface ProbeResult {

    String strategy();

    /** Headline figures for the terminal, e.g. {@code detectors=41}. */
    Map<String, Object> summary();

    /** Writes the result's artefacts (CSV, JSON, PNG) into the run folder. */
    void writeTo(Path runDirectory) throws IOException;
}
