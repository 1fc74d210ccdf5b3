package dev.strait.it.deploy;

import dev.strait.it.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process started through the distribution's {@code bin/strait}, its standard output and error
 * written to files so that a chatty process never blocks on a full pipe.
 */
final class LaunchedProcess implements AutoCloseable {
    /** {@code strait run} drains on SIGTERM; with no calls in flight that takes well under this. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private LaunchedProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static LaunchedProcess start(String name, ProcessBuilder builder, Path outputDir) throws IOException {
        Path stdout = outputDir.resolve(name + ".out");
        Path stderr = outputDir.resolve(name + ".err");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new LaunchedProcess(name, process, stdout, stderr);
    }

    /** Waits until the process exited, failing (and killing it) after {@code timeout}. */
    void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeout + describeOutput());
        }
    }

    /** Waits until {@code condition} holds, failing at once, with the output, when the process exits first. */
    void awaitUntil(String what, Duration deadline, BooleanSupplier condition) {
        Await.until(what, deadline, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + describeOutput());
            }
            return condition.getAsBoolean();
        });
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The executable the process runs now: after the launcher's {@code exec}, the JVM's. */
    String executable() {
        return process.info().command().orElse("(unknown)");
    }

    String stdout() {
        return read(stdout);
    }

    /** Both outputs, for a failure message. */
    String describeOutput() {
        return "%n--- %s stdout%n%s%n--- %s stderr%n%s".formatted(name, stdout(), name, read(stderr));
    }

    /**
     * Sends SIGTERM, as an operator's service manager does, and waits for the process to exit;
     * kills it when it has not within {@link #STOP_TIMEOUT}, or when interrupted while waiting.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("strait: " + name + " did not stop within " + STOP_TIMEOUT + " of SIGTERM; killing it");
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
