package org.deepminer.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs bin/deepminer of the built distribution as a user would, with a hard time limit. */
record Launch(int exitCode, String out, String err, long millis) {

    static Path home() {
        String home = System.getProperty("deepminer.home");
        if (home == null) {
            throw new IllegalStateException("deepminer.home is not set: run through 'mvn verify'");
        }
        return Path.of(home);
    }

    static Launch run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runWith(List.of(), timeoutSeconds, args);
    }

    /** As {@link #run}, with JVM options for the runtime (JAVA_OPTS), e.g. {@code -Ddeepminer.annotations=dir}. */
    static Launch runWith(List<String> javaOptions, long timeoutSeconds, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home().resolve("bin/deepminer").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("deepminer-out", ".txt");
        Path err = Files.createTempFile("deepminer-err", ".txt");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!javaOptions.isEmpty()) {
            pb.environment().put("JAVA_OPTS", String.join(" ", javaOptions));
        }
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("deepminer " + String.join(" ", args) + " did not exit within "
                    + timeoutSeconds + " s; output so far:\n" + Files.readString(out) + Files.readString(err));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Launch l = new Launch(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
        Files.delete(out);
        Files.delete(err);
        return l;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
