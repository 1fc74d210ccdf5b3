package dev.strait.gateway.drill.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that was refused, with every problem found in it, one per line of the message. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ScenarioProblem> problems;

    public ScenarioException(List<ScenarioProblem> problems) {
        super(problems.stream().map(ScenarioProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<ScenarioProblem> problems() {
        return problems;
    }
}
