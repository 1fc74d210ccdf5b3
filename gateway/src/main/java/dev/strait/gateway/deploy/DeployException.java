package dev.strait.gateway.deploy;

import dev.strait.policy.config.ConfigProblem;
import java.util.List;

/**
 * A config that loads but cannot be deployed as asked, such as a region whose hosts are not the
 * pods' DNS names; {@link #problems()} lists every reason, each with where it is in the config.
 */
public final class DeployException extends Exception {
    private final List<ConfigProblem> problems;

    DeployException(List<ConfigProblem> problems) {
        super(problems.size() + " problem(s), first: " + problems.getFirst());
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the config. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
