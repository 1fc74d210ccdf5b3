package dev.strait.federation.raft;

import dev.strait.policy.model.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric that Ratis keeps for this node's member of its region's group, read from Ratis's own
 * registry each time it is asked (never copied). Find them with {@link RatisMemberMetrics#scan()}.
 *
 * <p>A value reads as {@code NaN} once Ratis has dropped the metric (the member stopped, or stopped
 * leading); the next scan no longer lists it.
 */
public final class RatisMetric {
    /** How a metric counts. */
    public enum Kind {
        /** A running count since the server started: {@link #value()}. */
        COUNTER,
        /** A value that goes up and down: {@link #value()}. */
        GAUGE,
        /**
         * Durations of an operation: {@link #value()} is how many were timed since the server started,
         * {@link #quantileSeconds(double)} the distribution of the recent ones (Ratis keeps a decaying sample).
         */
        TIMER
    }

    /**
     * What tells one metric from another across scans.
     *
     * @param component Ratis's component, e.g. {@code log_worker}, {@code leader_election}, {@code server}
     * @param name      Ratis's name of the metric within the component, with the peer taken out
     * @param peer      the member of the group the metric is about, when Ratis keeps one per member
     *                  (e.g. a follower's match index on the leader)
     */
    public record Id(String component, String name, Optional<NodeId> peer, Kind kind) {
        public Id {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Reads the live values; implemented over Ratis's registry by {@link RatisMemberMetrics}. */
    interface Reading {
        double value();

        double quantileSeconds(double quantile);
    }

    private final Id id;
    private final Reading reading;

    RatisMetric(Id id, Reading reading) {
        this.id = id;
        this.reading = reading;
    }

    public Id id() {
        return id;
    }

    /** The count (counters, and how many operations a timer timed) or the current value (gauges); NaN when gone. */
    public double value() {
        return reading.value();
    }

    /** For a timer, the given quantile (0..1) of its recent durations in seconds; NaN for other kinds or when gone. */
    public double quantileSeconds(double quantile) {
        return reading.quantileSeconds(quantile);
    }

    @Override
    public String toString() {
        return "RatisMetric" + id;
    }
}
