package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.scenario.Scenario;
import java.util.List;

/** The figures of one phase of the drill ({@link Scenario#phases()}), by the due time of its calls. */
public record PhaseStats(String name, long startMillis, long endMillis, Aggregate stats) {
    /** The figures of every phase of {@code scenario}. */
    public static List<PhaseStats> of(Scenario scenario, List<CallResult> results) {
        return scenario.phases().stream().map(phase -> {
            List<CallResult> in = within(results, phase);
            double seconds = phase.end().minus(phase.start()).toNanos() / 1e9;
            return new PhaseStats(phase.name(), phase.start().toMillis(), phase.end().toMillis(), Aggregate.of(in, seconds));
        }).toList();
    }

    static List<CallResult> within(List<CallResult> results, Scenario.Phase phase) {
        long start = phase.start().toNanos();
        long end = phase.end().toNanos();
        return results.stream().filter(r -> r.startNanos() >= start && r.startNanos() < end).toList();
    }
}
