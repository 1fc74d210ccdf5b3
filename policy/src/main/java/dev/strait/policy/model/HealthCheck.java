package dev.strait.policy.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateways of a region actively check a service's local endpoints: the {@code healthCheck}
 * block of a service in the config. {@link #NONE} when the service has none, and then its endpoints
 * stay routable unless marked otherwise. Handle it with an exhaustive {@code switch} over
 * {@link None}, {@link Http} and {@link Tcp}; code that only runs checks can take an {@link Active}.
 */
public sealed interface HealthCheck permits HealthCheck.None, HealthCheck.Active {
    /** No active check. */
    HealthCheck NONE = new None();

    /** What an active check gets for what the config leaves out. */
    Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    int DEFAULT_HEALTHY_THRESHOLD = 2;
    int DEFAULT_UNHEALTHY_THRESHOLD = 3;

    /** An HTTP check of {@code path} with the default interval, timeout and thresholds. */
    static Http http(String path) {
        return new Http(path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD);
    }

    /** A TCP check with the default interval, timeout and thresholds. */
    static Tcp tcp() {
        return new Tcp(DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD);
    }

    /** No active check: the service's endpoints are routable unless drained or marked unhealthy. */
    record None() implements HealthCheck {}

    /**
     * A check that runs every {@link #interval()}: an endpoint turns unhealthy after
     * {@link #unhealthyThreshold()} failures in a row, and healthy again after
     * {@link #healthyThreshold()} successes in a row. A check that takes longer than
     * {@link #timeout()} has failed.
     */
    sealed interface Active extends HealthCheck permits Http, Tcp {
        Duration interval();

        /** Shorter than {@link #interval()}, so that checks of one endpoint never overlap. */
        Duration timeout();

        int healthyThreshold();

        int unhealthyThreshold();
    }

    /**
     * An HTTP {@code GET} of {@code path}, spoken with the service's protocol and upstream TLS mode;
     * a 2xx answer is a success.
     *
     * @param path the request path, starting with {@code /}, such as {@code /healthz}; it may carry a query
     */
    record Http(String path, Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold)
            implements Active {
        public Http {
            Objects.requireNonNull(path, "path");
            if (!isValidPath(path)) {
                throw new IllegalArgumentException("not a request path starting with '/': '" + path + "'");
            }
            checkTiming(interval, timeout, healthyThreshold, unhealthyThreshold);
        }

        /**
         * Whether {@code path} can be the path of a health check: it starts with {@code /} and has
         * no whitespace or control characters, which would break the request line.
         */
        public static boolean isValidPath(String path) {
            return path.startsWith("/") && path.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
        }
    }

    /** A TCP connect to the endpoint's address (with no TLS handshake); a connection is a success. */
    record Tcp(Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold) implements Active {
        public Tcp {
            checkTiming(interval, timeout, healthyThreshold, unhealthyThreshold);
        }
    }

    private static void checkTiming(Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be more than zero: " + timeout);
        }
        if (timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("timeout " + timeout + " must be shorter than interval " + interval);
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1: healthy " + healthyThreshold
                    + ", unhealthy " + unhealthyThreshold);
        }
    }
}
