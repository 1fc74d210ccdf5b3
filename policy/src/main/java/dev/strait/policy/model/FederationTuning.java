package dev.strait.policy.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a region takes part in federation: the {@code federation} block of a region in the config.
 * The loader also keeps each value within the range docs/config.md gives; the record itself refuses
 * only what cannot work, so that code (tests in particular) may build tighter timings.
 *
 * @param heartbeatInterval how often this region's Raft leader sends a heartbeat on each federation
 *                          stream it holds; more than zero
 * @param staleAfter        how long a peer region may stay silent before this region marks it stale,
 *                          which makes its services a last resort; longer than twice
 *                          {@code heartbeatInterval}
 * @param probeInterval     how often each node of this region pings every gateway node of every other
 *                          region; more than zero
 * @param probeTimeout      how long a ping may go unanswered before it counts as a miss; more than zero
 *                          and shorter than {@code probeInterval}, so that pings never overlap
 * @param probeThreshold    the misses in a row that take a remote gateway node out of a node's routing;
 *                          at least 1
 * @param failbackRamp      when a service's local endpoints return, the time over which the share of
 *                          its calls kept local grows linearly from 0 to 100 %; zero or more, and zero
 *                          moves every call back at once
 */
public record FederationTuning(
        Duration heartbeatInterval,
        Duration staleAfter,
        Duration probeInterval,
        Duration probeTimeout,
        int probeThreshold,
        Duration failbackRamp) {
    /** What a region without a {@code federation} block gets: 1s heartbeats, stale after 5s, 200ms/150ms/2 probes, a 5s ramp. */
    public static final FederationTuning DEFAULTS = new FederationTuning(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofMillis(200), Duration.ofMillis(150), 2, Duration.ofSeconds(5));

    public FederationTuning {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(failbackRamp, "failbackRamp");
        if (!heartbeatInterval.isPositive()) {
            throw new IllegalArgumentException("heartbeatInterval must be more than zero: " + heartbeatInterval);
        }
        if (staleAfter.compareTo(heartbeatInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("staleAfter " + staleAfter
                    + " must be longer than twice heartbeatInterval " + heartbeatInterval);
        }
        if (!probeTimeout.isPositive()) {
            throw new IllegalArgumentException("probeTimeout must be more than zero: " + probeTimeout);
        }
        if (probeTimeout.compareTo(probeInterval) >= 0) {
            throw new IllegalArgumentException("probeTimeout " + probeTimeout
                    + " must be shorter than probeInterval " + probeInterval);
        }
        if (probeThreshold < 1) {
            throw new IllegalArgumentException("probeThreshold must be at least 1: " + probeThreshold);
        }
        if (failbackRamp.isNegative()) {
            throw new IllegalArgumentException("failbackRamp must not be negative: " + failbackRamp);
        }
    }

    /**
     * The longest a node keeps routing to another region after all its gateways went dark:
     * {@code probeThreshold × probeInterval + probeTimeout}, 550 ms with the defaults (see docs/failover.md).
     */
    public Duration probeBound() {
        return probeInterval.multipliedBy(probeThreshold).plus(probeTimeout);
    }
}
