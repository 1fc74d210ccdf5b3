package dev.strait.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One {@code strait} command line run in-process, with what it printed.
 *
 * @param exitCode the exit code {@link Main#execute} would return
 * @param out      everything written to standard output
 * @param err      everything written to standard error
 */
record CommandRun(int exitCode, String out, String err) {
    /** Runs {@code args} as {@link Main#execute} does, capturing both output streams. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new Main())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** The non-empty lines of standard error. */
    List<String> errLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
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

    /** The YAML files directly in {@code configs/<directory>}, sorted. */
    static List<Path> yamlFilesIn(String directory) {
        try (Stream<Path> files = Files.list(repositoryRoot().resolve("configs").resolve(directory))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
