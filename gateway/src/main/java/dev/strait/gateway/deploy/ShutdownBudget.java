package dev.strait.gateway.deploy;

import java.time.Duration;

/**
 * How long a node may take to stop once told to, so that neither Kubernetes nor systemd kills it in
 * the middle of a drain. On SIGTERM, {@code strait run} drains the node (calls in flight get up to
 * {@code --drain-timeout}), then closes it, allowing {@link #CLOSE_ALLOWANCE} more before it exits
 * anyway.
 *
 * @param drainTimeout the node's {@code --drain-timeout}
 */
record ShutdownBudget(Duration drainTimeout) {
    /** What {@code strait run} allows closing to take after the drain deadline (its {@code CLOSE_ALLOWANCE}). */
    static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(15);

    /**
     * How long a pod keeps serving after Kubernetes marks it terminating, before SIGTERM: the time
     * kube-proxy and load balancers take to stop sending it new connections.
     */
    static final Duration PRE_STOP_DELAY = Duration.ofSeconds(5);

    /** Slack on top, for a slow JVM exit. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    /** The longest {@code strait run} takes from SIGTERM to exit. */
    Duration longestStop() {
        return drainTimeout.plus(CLOSE_ALLOWANCE);
    }

    /** A pod's {@code terminationGracePeriodSeconds}: the pre-stop delay, the longest stop, and a margin. */
    Duration terminationGracePeriod() {
        return PRE_STOP_DELAY.plus(longestStop()).plus(MARGIN);
    }
}
