package dev.strait.gateway.drill.scenario;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault at a point of the drill.
 *
 * @param id     a DNS label, unique in the scenario; names the phase that starts here
 * @param at     when the fault starts, from the start of the load
 * @param lasting how long it lasts before the drill undoes it; empty for the rest of the drill
 * @param fault  what is broken
 */
public record TimelineStep(String id, Duration at, Optional<Duration> lasting, DrillFault fault) {
    public TimelineStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(lasting, "lasting");
        Objects.requireNonNull(fault, "fault");
    }
}
