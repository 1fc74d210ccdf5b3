package dev.strait.gateway.drill.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A failover drill: the load to put on the federation, the faults to inject along a timeline,
 * and what must hold. Times are offsets from the start of the load.
 *
 * @param name         a DNS label, names the report
 * @param description  what the drill proves, for the report
 * @param federation   for {@code --local}: the federation config to start, resolved against the
 *                     scenario file's directory; empty for the demo federation
 * @param duration     how long the drill runs; every load runs at most this long
 * @param load         the calls to make
 * @param timeline     the faults, in time order
 * @param expectations what must hold; a drill with a broken expectation fails
 */
public record Scenario(String name, String description, Optional<Path> federation, Duration duration, List<LoadSpec> load,
        List<TimelineStep> timeline, List<Expectation> expectations) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(federation, "federation");
        Objects.requireNonNull(duration, "duration");
        load = List.copyOf(load);
        timeline = List.copyOf(timeline);
        expectations = List.copyOf(expectations);
    }

    /** The phases of the drill: {@code baseline} until the first step, then one per step, named by its id. */
    public List<Phase> phases() {
        java.util.ArrayList<Phase> phases = new java.util.ArrayList<>();
        Duration start = Duration.ZERO;
        String name = Phase.BASELINE;
        for (TimelineStep step : timeline) {
            phases.add(new Phase(name, start, step.at()));
            name = step.id();
            start = step.at();
        }
        phases.add(new Phase(name, start, duration));
        return List.copyOf(phases);
    }

    /** A span of the drill, from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Phase(String name, Duration start, Duration end) {
        public static final String BASELINE = "baseline";
    }
}
