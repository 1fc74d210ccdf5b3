package dev.strait.gateway.drill.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the scenario files of the repository from a test, wherever Maven runs it from. */
final class ScenarioFiles {
    private ScenarioFiles() {}

    static Path configs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs/drills"))) {
                return dir.resolve("configs");
            }
        }
        throw new IllegalStateException("no configs/drills/ directory above " + Path.of("").toAbsolutePath());
    }

    /** Every scenario under {@code configs/drills/}: each YAML file but the federation they share. */
    static List<Path> builtIn() {
        try (Stream<Path> files = Files.list(configs().resolve("drills"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("federation.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
