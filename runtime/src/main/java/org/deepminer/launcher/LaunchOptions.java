package org.deepminer.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: {@code deepminer [--features a,b] [--deploy dir] [script.gosh | -c "command"]}.
 *
 * @param features the features to launch, core first, each once
 * @param command a command line given with {@code -c}
 * @param script a script file
 * @param deploy the folder watched for hot deployment
 * @param help whether {@code --help} was asked for
 */
record LaunchOptions(List<String> features, Optional<String> command, Optional<Path> script, Optional<Path> deploy,
        boolean help) {

    static final String USAGE = """
            usage: deepminer [--features f1,f2,...] [--deploy dir] [script.gosh | -c "command; command"]
              no script and no -c    interactive Gogo shell (line editing, history, completion)
              -c "commands"          run the commands, print each result, exit 0, or exit 1 at the
                                     first failure with the command and its error on stderr
              script.gosh            the same for a script file
              --features f1,f2       launch only these bundle sets (core is always included);
                                     default: the deepminer.features property of conf/deepminer.properties
              --deploy dir           the hot-deploy folder (default: deploy/ of the distribution)
              --list-features        list the features and their bundles
            """;

    boolean interactive() {
        return command.isEmpty() && script.isEmpty();
    }

    static LaunchOptions parse(String[] args, List<String> defaultFeatures) {
        Set<String> features = new LinkedHashSet<>();
        features.add("core");
        boolean explicitFeatures = false;
        Optional<String> command = Optional.empty();
        Optional<Path> script = Optional.empty();
        Optional<Path> deploy = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> help = true;
                case "--features", "-f" -> {
                    for (String f : value(args, ++i, a).split(",")) {
                        if (!f.isBlank()) {
                            features.add(f.trim());
                        }
                    }
                    explicitFeatures = true;
                }
                case "-c", "--command" -> command = Optional.of(value(args, ++i, a));
                case "--deploy" -> deploy = Optional.of(Path.of(value(args, ++i, a)));
                default -> {
                    if (a.startsWith("--features=")) {
                        for (String f : a.substring("--features=".length()).split(",")) {
                            if (!f.isBlank()) {
                                features.add(f.trim());
                            }
                        }
                        explicitFeatures = true;
                    } else if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    } else if (script.isPresent()) {
                        throw new UsageException("only one script may be given, got " + script.get() + " and " + a);
                    } else {
                        script = Optional.of(Path.of(a));
                    }
                }
            }
        }
        if (command.isPresent() && script.isPresent()) {
            throw new UsageException("give either a script or -c, not both");
        }
        if (!explicitFeatures) {
            features.addAll(defaultFeatures);
        }
        return new LaunchOptions(new ArrayList<>(features), command, script, deploy, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** A command line that cannot be understood; exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
