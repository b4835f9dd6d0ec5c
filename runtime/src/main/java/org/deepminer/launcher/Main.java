package org.deepminer.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * {@code bin/deepminer}: starts Felix with the chosen features and either hands the terminal to the Gogo
 * shell or runs commands and exits with their status. Lives outside OSGi so that it can own the exit
 * status and can never leave a script hanging.
 */
public final class Main {
    static final int OK = 0;
    static final int COMMAND_FAILED = 1;
    static final int USAGE = 2;
    static final int LAUNCH_FAILED = 3;

    /** How long a script waits for the deepminer commands to be registered before it gives up. */
    private static final long COMMANDS_TIMEOUT_MS = 15_000;

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        // Non-daemon threads of misbehaving bundles must not keep a finished script alive.
        Runtime.getRuntime().halt(flush(status));
    }

    private static int flush(int status) {
        System.out.flush();
        System.err.flush();
        return status;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path home = Path.of(System.getProperty("deepminer.home", ".")).toAbsolutePath().normalize();
        LaunchOptions options;
        FeatureCatalog catalog;
        try {
            catalog = FeatureCatalog.read(home);
            if (Arrays.asList(args).contains("--list-features")) {
                catalog.features().values().forEach(f -> out.println(f.name() + ": " + f.description()
                        + "\n    " + String.join("\n    ", f.bundleFiles())));
                return OK;
            }
            options = LaunchOptions.parse(args, defaultFeatures(home));
            if (options.help()) {
                out.print(LaunchOptions.USAGE);
                out.println("features: " + String.join(", ", catalog.features().keySet()));
                return OK;
            }
        } catch (LaunchOptions.UsageException e) {
            err.println("deepminer: " + e.getMessage());
            err.print(LaunchOptions.USAGE);
            return USAGE;
        } catch (IOException e) {
            err.println("deepminer: " + e.getMessage());
            return LAUNCH_FAILED;
        }

        String script;
        try {
            script = options.command().orElse(null);
            if (options.script().isPresent()) {
                script = Files.readString(options.script().get(), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            err.println("deepminer: no such script: " + e.getFile());
            return USAGE;
        } catch (IOException e) {
            err.println("deepminer: cannot read script " + options.script().get() + ": " + e.getMessage());
            return USAGE;
        }

        List<Path> bundles;
        try {
            bundles = catalog.bundles(options.features());
        } catch (LaunchOptions.UsageException e) {
            err.println("deepminer: " + e.getMessage());
            return USAGE;
        }
        Path deploy = options.deploy().orElse(home.resolve("deploy"));
        FelixRuntime runtime;
        try {
            runtime = FelixRuntime.start(home, bundles, deploy, options.interactive(), out);
        } catch (Exception e) {
            err.println("deepminer: the runtime did not start: " + e.getMessage());
            return LAUNCH_FAILED;
        }
        try {
            if (options.interactive()) {
                out.println("DeepMiner " + String.join(",", options.features())
                        + ": 'help' lists the deepminer commands, 'status' what runs, 'exit' quits.");
                runtime.awaitStop();
                return OK;
            }
            return runScript(runtime, deploy, script, out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return COMMAND_FAILED;
        } finally {
            runtime.close();
        }
    }

    /** JVM uptime in ms when script mode was ready for its first command. */
    static final String STARTUP_PROPERTY = "deepminer.startup.ms";

    private static int runScript(FelixRuntime runtime, Path deploy, String script, PrintStream out, PrintStream err)
            throws InterruptedException {
        Object processor;
        try {
            processor = runtime.awaitService("org.apache.felix.service.command.CommandProcessor", null, COMMANDS_TIMEOUT_MS);
            if (processor == null || runtime.awaitService(null, "(osgi.command.scope=deepminer)", COMMANDS_TIMEOUT_MS) == null) {
                err.println("deepminer: the shell did not come up in " + COMMANDS_TIMEOUT_MS / 1000
                        + " s (is deepminer.shell in the chosen features?)");
                return LAUNCH_FAILED;
            }
        } catch (Exception e) {
            err.println("deepminer: the shell did not come up: " + e);
            return LAUNCH_FAILED;
        }
        // Let FileInstall start what is in deploy/ and SCR register it before the first command.
        runtime.awaitDeployed(deploy, 10_000);
        // how long the JVM took to get here: the start-up time deepminer:benchmark reports
        System.setProperty(STARTUP_PROPERTY,
                Long.toString(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()));
        try (GogoSession session = new GogoSession(processor, InputStream.nullInputStream(), out, err)) {
            for (String statement : Statements.split(script)) {
                Object result;
                try {
                    result = session.execute(statement);
                } catch (Exception e) {
                    err.println("deepminer: command failed: " + statement);
                    err.println("  " + describe(e));
                    return COMMAND_FAILED;
                }
                if (result != null) {
                    String text = session.format(result);
                    out.print(text.endsWith("\n") ? text : text + "\n");
                }
            }
            out.flush();
            return OK;
        } catch (ReflectiveOperationException e) {
            err.println("deepminer: cannot talk to the Gogo shell: " + e);
            return LAUNCH_FAILED;
        }
    }

    /** The error as a user wants to read it: our own exceptions by message, others with their type. */
    static String describe(Throwable e) {
        String type = e.getClass().getName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (type.equals("org.deepminer.api.DeepMinerException") || e.getClass().getSuperclass() != null
                && e.getClass().getSuperclass().getName().equals("org.deepminer.api.DeepMinerException")) {
            return message;
        }
        if (e instanceof IllegalArgumentException && message.startsWith("Command not found")) {
            return message + " (deepminer:help lists the commands)";
        }
        return type.substring(type.lastIndexOf('.') + 1) + (message.isEmpty() ? "" : ": " + message);
    }

    private static List<String> defaultFeatures(Path home) throws IOException {
        Path conf = home.resolve("conf/deepminer.properties");
        if (!Files.exists(conf)) {
            return List.of();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(conf)) {
            p.load(in);
        }
        return Arrays.stream(p.getProperty("deepminer.features", "").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
