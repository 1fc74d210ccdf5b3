package dev.strait.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An operating-system process a test started (a {@code strait} command), its standard output and
 * error written to files so that a chatty process never blocks on a full pipe, and shown in
 * failure messages.
 */
public final class CapturedProcess implements AutoCloseable {
    /** {@code strait run} drains on SIGTERM; with no calls in flight that takes well under this. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CapturedProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code builder}'s command; its output goes to {@code outputDir/NAME.out} and {@code .err}. */
    public static CapturedProcess start(String name, ProcessBuilder builder, Path outputDir) throws IOException {
        Path stdout = outputDir.resolve(name + ".out");
        Path stderr = outputDir.resolve(name + ".err");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new CapturedProcess(name, process, stdout, stderr);
    }

    /** Waits until the process exited, failing (and killing it) after {@code timeout}. */
    public void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeout + describeOutput());
        }
    }

    /** Waits until {@code condition} holds, failing at once, with the output, when the process exits first. */
    public void awaitUntil(String what, Duration deadline, BooleanSupplier condition) {
        Await.until(what, deadline, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + describeOutput());
            }
            return condition.getAsBoolean();
        });
    }

    /** Waits until {@code url} answers 200, each try bounded by a short timeout, as {@link #awaitUntil} does. */
    public void awaitOk(String url, Duration deadline) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
            awaitUntil(url + " answers 200", deadline, () -> {
                try {
                    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + url, e);
                }
            });
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** The executable the process runs now: after a launcher's {@code exec}, the JVM's. */
    public String executable() {
        return process.info().command().orElse("(unknown)");
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Both outputs, for a failure message. */
    public String describeOutput() {
        return "%n--- %s stdout%n%s%n--- %s stderr%n%s".formatted(name, stdout(), name, stderr());
    }

    /**
     * Sends SIGTERM, as an operator's service manager does (shutdown hooks run), and waits for the
     * process to exit; kills it when it has not within {@link #STOP_TIMEOUT}, or when interrupted.
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
