package dev.strait.it.deploy;

import dev.strait.it.support.CapturedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution tarball that {@code ./mvnw package} builds, unpacked as an operator would
 * ({@code tar -xzf}), and its {@code bin/strait} launcher run as operating-system processes.
 *
 * @param home the tarball's single top directory, {@code strait-VERSION/}
 */
record UnpackedDistribution(Path home) {
    /** Set by the failsafe configuration in integration-tests/pom.xml. */
    private static final String TARBALL_PROPERTY = "strait.distribution.tarball";
    private static final Duration UNPACK_TIMEOUT = Duration.ofSeconds(60);

    /** The tarball the distribution module built. */
    static Path tarball() {
        String property = System.getProperty(TARBALL_PROPERTY);
        if (property == null) {
            throw new IllegalStateException("system property " + TARBALL_PROPERTY + " is not set; run this test through"
                    + " ./mvnw verify -pl integration-tests -am, which builds the tarball first");
        }
        Path tarball = Path.of(property);
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(tarball + " does not exist; build it with ./mvnw -DskipTests package");
        }
        return tarball;
    }

    /**
     * Unpacks the tarball into {@code directory} with the system's {@code tar}, which keeps the
     * file modes the tarball records (the launcher's executable bit among them).
     */
    static UnpackedDistribution unpack(Path directory) throws IOException, InterruptedException {
        Path tarball = tarball();
        Files.createDirectories(directory);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", directory.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(UNPACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || tar.exitValue() != 0) {
            tar.destroyForcibly();
            throw new AssertionError("tar -xzf " + tarball + " failed: " + output);
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> top = entries.toList();
            if (top.size() != 1 || !Files.isDirectory(top.getFirst())) {
                throw new AssertionError(tarball + " should hold one top directory, but holds " + top);
            }
            return new UnpackedDistribution(top.getFirst());
        }
    }

    Path launcher() {
        return home.resolve("bin/strait");
    }

    /**
     * Starts {@code bin/strait ARGS} in {@code workDir} with {@code environment} added to this
     * JVM's; its output goes to {@code workDir/NAME.out} and {@code .err}.
     */
    CapturedProcess start(String name, Path workDir, Map<String, String> environment, String... args) {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher().toString()), Stream.of(args)).toList())
                .directory(workDir.toFile());
        // The launcher sets STRAIT_HOME itself; one inherited from the build must not point elsewhere.
        builder.environment().remove("STRAIT_HOME");
        builder.environment().remove("STRAIT_JAVA");
        builder.environment().putAll(environment);
        try {
            return CapturedProcess.start(name, builder, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /** Runs {@code bin/strait ARGS} to completion within {@code timeout}. */
    CapturedProcess run(String name, Path workDir, Map<String, String> environment, Duration timeout, String... args)
            throws InterruptedException {
        CapturedProcess process = start(name, workDir, environment, args);
        process.awaitExit(timeout);
        return process;
    }
}
