package dev.strait.policy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds files of the repository from a test, wherever Maven runs it from. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /** The repository root: the nearest directory up from the working directory that holds {@code configs/}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }

    static Path configs() {
        return root().resolve("configs");
    }

    /** The YAML files directly in a directory under {@code configs/}, sorted; none when it does not exist. */
    static List<Path> yamlFilesIn(String directory) {
        Path dir = configs().resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem as the {@code # expect:} lines of configs/invalid write it: without the file. */
    static String withoutFile(ConfigProblem problem) {
        return problem.line() + ":" + problem.column() + ": "
                + (problem.element().isEmpty() ? "" : problem.element() + ": ") + problem.message();
    }
}
