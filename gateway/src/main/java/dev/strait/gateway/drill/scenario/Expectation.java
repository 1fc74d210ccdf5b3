package dev.strait.gateway.drill.scenario;

import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.Optional;

/** What must hold for a drill to pass. */
public sealed interface Expectation {
    /**
     * At most {@code max} (0 to 1) of the calls fail, in {@code phase} or over the whole drill.
     * A call fails when it got no answer, or a 5xx, or a gateway error. ({@code max-error-rate})
     */
    record MaxErrorRate(Optional<String> phase, double max) implements Expectation {}

    /**
     * Within {@code within} of step {@code step}, no call is served by {@code from} any more
     * (counted from the first call started after that time that was served elsewhere, and every
     * later one). ({@code traffic-moves-away})
     */
    record TrafficMovesAway(String step, RegionName from, Duration within) implements Expectation {}

    /**
     * Within {@code within} of the end of step {@code step} (its {@code lasting}), calls are
     * served by {@code to} again. ({@code traffic-returns})
     */
    record TrafficReturns(String step, RegionName to, Duration within) implements Expectation {}

    /** The {@code percentile} (such as 99) of call latency stays at most {@code max}, in {@code phase} or overall. ({@code latency}) */
    record Latency(Optional<String> phase, double percentile, Duration max) implements Expectation {}

    /** Every write the drill committed (endpoint registrations it made) is still there at the end. ({@code no-committed-state-lost}) */
    record NoCommittedStateLost() implements Expectation {}
}
