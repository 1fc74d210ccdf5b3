package dev.strait.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The deployable {@code strait.jar} run as an operating-system process, its standard output and
 * error written to files so that a chatty process never blocks on a full pipe.
 */
final class StraitProcess implements AutoCloseable {
    /** Keeps each node small and its start quiet; the same flags the {@code strait} launcher passes. */
    private static final List<String> JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx128m");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private StraitProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code strait ARGS} in {@code workDir}; its output goes to {@code workDir/NAME.out} and {@code .err}. */
    static StraitProcess start(String name, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Path stdout = workDir.resolve(name + ".out");
        Path stderr = workDir.resolve(name + ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            return new StraitProcess(name, process, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code strait ARGS} to completion within {@code timeout} and returns its exit code. */
    static StraitProcess run(String name, Path workDir, Duration timeout, String... args) throws InterruptedException {
        StraitProcess started = start(name, workDir, args);
        if (!started.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            started.close();
            throw new AssertionError("strait " + String.join(" ", args) + " did not finish within " + timeout + started.describeOutput());
        }
        return started;
    }

    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /**
     * Polls {@code url} until it answers 200, each try bounded by a short timeout, failing after
     * {@code deadline} or as soon as the process exits.
     */
    void awaitOk(String url, Duration deadline) throws InterruptedException {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        String last = "no answer yet";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
            while (System.nanoTime() < giveUpAt) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before " + url + " answered 200"
                            + describeOutput());
                }
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        throw new AssertionError(url + " of " + name + " did not answer 200 within " + deadline + " (last: " + last + ")"
                + describeOutput());
    }

    /** Both outputs, for a failure message. */
    String describeOutput() {
        return "%n--- %s stdout%n%s%n--- %s stderr%n%s".formatted(name, stdout(), name, stderr());
    }

    /** Asks the process to stop (its shutdown hooks run), and kills it when it has not within a few seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The repository root: the nearest directory up from the working directory that holds {@code configs/}. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }

    private static Path jar() {
        Path jar = repositoryRoot().resolve("gateway/target/strait.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist (build it first: ./mvnw install -DskipTests)");
        }
        return jar;
    }

    /** The {@code java} of the JVM running this test, so the processes run on the same JDK. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
