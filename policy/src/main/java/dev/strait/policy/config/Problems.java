package dev.strait.policy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems found in one config file, so that all of them are reported together. */
final class Problems {
    private record Entry(Position position, ElementPath element, String message) {}

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Position position, ElementPath element, String message) {
        entries.add(new Entry(position, element, message));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Every problem, in file order; problems at the same position stay in the order they were found. */
    List<ConfigProblem> sorted() {
        return entries.stream()
                .sorted(Comparator.comparing(Entry::position))
                .map(e -> new ConfigProblem(file, e.position().line(), e.position().column(),
                        e.element().value(), e.message()))
                .toList();
    }

    ConfigException toException() {
        return new ConfigException(sorted());
    }
}
