package dev.strait.it.process;

import dev.strait.it.support.CapturedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The deployable {@code strait.jar}, run as operating-system processes on the JDK that runs the test. */
final class StraitJar {
    /** Keeps each node small and its start quiet; the same flags the {@code strait} launcher passes. */
    private static final List<String> JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx128m");

    private StraitJar() {}

    /** Starts {@code strait ARGS} in {@code workDir}; its output goes to {@code workDir/NAME.out} and {@code .err}. */
    static CapturedProcess start(String name, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            return CapturedProcess.start(name, new ProcessBuilder(command).directory(workDir.toFile()), workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code strait ARGS} to completion within {@code timeout}. */
    static CapturedProcess run(String name, Path workDir, Duration timeout, String... args) throws InterruptedException {
        CapturedProcess started = start(name, workDir, args);
        started.awaitExit(timeout);
        return started;
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
}
