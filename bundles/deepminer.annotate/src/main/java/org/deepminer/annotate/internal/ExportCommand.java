package org.deepminer.annotate.internal;

import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.deepminer.annotate.AnnotationArchive;
import org.deepminer.annotate.AnnotationFiles;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code deepminer:annotations-export <run> <file.csv|file.json>}: every entry (the whole history) of the run's
 * model layer. A Gogo {@link Function} because a Java method cannot be called {@code annotations-export}.
 */
@Component(service = Function.class, property = {"osgi.command.scope=deepminer",
        "osgi.command.function=annotations-export", "deepminer.command.usage=<run> <file.csv|file.json>",
        "deepminer.description=export every annotation entry (with history) of a run's model layer as CSV or JSON"})
public class ExportCommand implements Function {

    static final String USAGE = "usage: deepminer:annotations-export <run> <file.csv|file.json>";

    @Reference
    AnnotationArchive store;

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        if (arguments.size() != 2) {
            throw new DeepMinerException(null, USAGE);
        }
        return export(String.valueOf(arguments.get(0)), String.valueOf(arguments.get(1)));
    }

    ExchangeReport export(String run, String file) {
        RunRef r = RunRef.open(run);
        Path f = Path.of(file).toAbsolutePath().normalize();
        AnnotationFiles.format(f);
        List<Annotation> entries = store.entries(r.modelSha256(), r.layer());
        AnnotationFiles.write(f, entries);
        return new ExchangeReport("exported", r.name(), f.toString(), entries.size(), 0, 0);
    }
}
