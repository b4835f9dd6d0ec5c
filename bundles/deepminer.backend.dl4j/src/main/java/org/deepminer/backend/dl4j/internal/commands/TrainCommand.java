package org.deepminer.backend.dl4j.internal.commands;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.backend.dl4j.internal.train.Architectures;
import org.deepminer.backend.dl4j.internal.train.TrainOptions;
import org.deepminer.backend.dl4j.internal.train.Training;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:train [--arch small|resnet|context] [--epochs n] [--seed s] [--concept-head [weight]] [--patch 0.25]
 * [--size 64] [--batch 32] [--lr 0.001] [--units 128] [--epoch-patches n] [--name n] --out <model-bundle.jar>
 * <format> <dataset>}. A Gogo {@link Function} because {@code --concept-head} takes an optional value, which
 * Gogo's parameter annotations cannot express.
 */
@Component(service = Function.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=train",
        "deepminer.command.usage=[--arch small|resnet|context] [--epochs n] [--seed s] [--concept-head [w]] [--patch 0.25] [--size 64] [--normal-share f] [--hard-share f] [--whole-image-epochs n] --out <model-bundle.jar> <format> <dataset>",
        "deepminer.description=train a classifier on mammogram patches and write it as a model bundle"})
public class TrainCommand implements Function {

    static final String USAGE = "usage: deepminer:train [--arch " + String.join("|", Architectures.NAMES)
            + "] [--epochs 20] [--seed 123] [--concept-head [weight]] [--patch 0.25] [--size 64] [--batch 32] [--lr 0.001] "
            + "[--units 128] [--epoch-patches n] [--normal-share 0.6] [--hard-share 0.5] [--hard-from 1] [--whole-image-epochs 0] [--whole-image-lr 0.0001] [--select patch|whole-image|explainer] [--soft-labels] [--no-flips] [--name n] --out <model-bundle.jar> <format> <dataset>";

    private static final Set<String> VALUED = Set.of("--arch", "--epochs", "--seed", "--patch", "--size", "--batch", "--lr",
            "--units", "--epoch-patches", "--name", "--out", "--min-concept-patches", "--normal-share",
            "--select", "--hard-share", "--hard-from", "--whole-image-epochs", "--whole-image-lr");

    record Source(String format, DatasetSource source) {}

    final List<Source> sources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(DatasetSource source, Map<String, Object> props) {
        sources.add(new Source(String.valueOf(props.getOrDefault(ServiceProperties.DATASET_FORMAT, source.format())), source));
    }

    void removeSource(DatasetSource source) {
        sources.removeIf(s -> s.source() == source);
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = arguments.stream().map(String::valueOf).toList();
        PrintStream console = session != null && session.getConsole() != null ? session.getConsole() : System.out;
        return train(args, line -> {
            console.println(line);
            console.flush();
        });
    }

    /** Parsed arguments. */
    record Arguments(TrainOptions options, String name, Path out, String format, Path dataset) {}

    static Arguments parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> o = new HashMap<>();
        double conceptWeight = 0;
        boolean flips = true;
        boolean softLabels = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--concept-head")) {
                conceptWeight = 1.0;
                if (i + 1 < args.size() && isNumber(args.get(i + 1))) {
                    conceptWeight = Double.parseDouble(args.get(++i));
                    if (!(conceptWeight > 0)) {
                        throw new DeepMinerException(null, "--concept-head weight must be positive, not " + args.get(i));
                    }
                }
            } else if (a.equals("--no-flips")) {
                flips = false;
            } else if (a.equals("--soft-labels")) {
                softLabels = true;
            } else if (a.startsWith("--")) {
                if (!VALUED.contains(a)) {
                    throw new DeepMinerException(null, "unknown option " + a + "; " + USAGE);
                }
                if (i + 1 >= args.size()) {
                    throw new DeepMinerException(null, a + " needs a value; " + USAGE);
                }
                o.put(a.substring(2), args.get(++i));
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2 || !o.containsKey("out")) {
            throw new DeepMinerException(null, USAGE);
        }
        TrainOptions d = TrainOptions.defaults();
        TrainOptions options = new TrainOptions(o.getOrDefault("arch", d.arch()), integer(o, "epochs", d.epochs()),
                longValue(o, "seed", d.seed()), conceptWeight, number(o, "patch", d.fraction()), integer(o, "size", d.size()),
                integer(o, "batch", d.batch()), number(o, "lr", d.learningRate()), integer(o, "units", d.units()),
                integer(o, "epoch-patches", d.epochPatches()), integer(o, "min-concept-patches", d.minConceptPatches()), flips,
                number(o, "normal-share", d.normalShare()), o.getOrDefault("select", d.select()),
                number(o, "hard-share", d.hardShare()), integer(o, "hard-from", d.hardFrom()),
                integer(o, "whole-image-epochs", d.wholeImageEpochs()), number(o, "whole-image-lr", d.wholeImageLr()),
                softLabels);
        Path dataset = Path.of(positional.get(1)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dataset)) {
            throw new DeepMinerException(dataset.toString(), "no such data set folder");
        }
        return new Arguments(options, o.get("name"), Path.of(o.get("out")), positional.get(0), dataset);
    }

    TrainingSummary train(List<String> args, Consumer<String> progress) {
        Arguments a = parse(args);
        DatasetSource source = sources.stream().filter(s -> s.format().equals(a.format())).map(Source::source).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "no dataset source for format '" + a.format() + "'; registered: "
                        + (sources.isEmpty() ? "none (launch with --features data)"
                                : sources.stream().map(Source::format).sorted().collect(Collectors.joining(", ")))));
        String commandLine = "deepminer:train " + String.join(" ", args);
        return new TrainingSummary(Training.run(source, a.format(), a.dataset(), a.out(), a.name(), a.options(), commandLine, progress));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.startsWith("--");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int integer(Map<String, String> o, String key, int fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DeepMinerException(null, "--" + key + " takes a whole number, not '" + v + "'");
        }
    }

    private static long longValue(Map<String, String> o, String key, long fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new DeepMinerException(null, "--" + key + " takes a whole number, not '" + v + "'");
        }
    }

    private static double number(Map<String, String> o, String key, double fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new DeepMinerException(null, "--" + key + " takes a number, not '" + v + "'");
        }
    }
}
