package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one scenario file, so that all of them are reported at once. */
final class Problems {
    private final Path file;
    private final List<ScenarioProblem> problems = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Position position, String element, String message) {
        problems.add(new ScenarioProblem(file, position.line(), position.column(), element, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws every problem collected, in file order, if there is any. */
    void throwIfAny() throws ScenarioException {
        if (!problems.isEmpty()) {
            throw exception();
        }
    }

    /** Every problem collected, in file order. */
    ScenarioException exception() {
        return new ScenarioException(problems.stream()
                .sorted(Comparator.comparingInt(ScenarioProblem::line).thenComparingInt(ScenarioProblem::column))
                .toList());
    }
}
