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
 * {@code deepminer:annotations-import <run> <file>}: appends the entries of an exchange file, keeping their ids
 * and times and skipping ids the store holds. Every entry must belong to the run's model layer. A Gogo
 * {@link Function} because a Java method cannot be called {@code annotations-import}.
 */
@Component(service = Function.class, property = {"osgi.command.scope=deepminer",
        "osgi.command.function=annotations-import", "deepminer.command.usage=<run> <file.csv|file.json>",
        "deepminer.description=import annotation entries (CSV or JSON) into a run's model layer; ids already there are skipped"})
public class ImportCommand implements Function {

    static final String USAGE = "usage: deepminer:annotations-import <run> <file.csv|file.json>";

    @Reference
    AnnotationArchive store;

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        if (arguments.size() != 2) {
            throw new DeepMinerException(null, USAGE);
        }
        return importFile(String.valueOf(arguments.get(0)), String.valueOf(arguments.get(1)));
    }

    ExchangeReport importFile(String run, String file) {
        RunRef r = RunRef.open(run);
        Path f = Path.of(file).toAbsolutePath().normalize();
        List<Annotation> entries = AnnotationFiles.read(f);
        for (int i = 0; i < entries.size(); i++) {
            Annotation a = entries.get(i);
            if (!a.unit().modelSha256().equalsIgnoreCase(r.modelSha256()) || !a.unit().layer().equals(r.layer())) {
                throw new DeepMinerException(f.toString(), "entry " + (i + 1) + " (id " + a.id() + ") is for model "
                        + a.unit().modelSha256() + " layer '" + a.unit().layer() + "', not the run's model "
                        + r.modelSha256() + " layer '" + r.layer() + "'");
            }
        }
        AnnotationArchive.ImportResult result;
        try {
            result = store.importEntries(entries);
        } catch (DeepMinerException e) {
            throw new DeepMinerException(f.toString(), e.getMessage(), e);
        }
        return new ExchangeReport("imported", r.name(), f.toString(), entries.size(), result.added(), result.skipped());
    }
}
