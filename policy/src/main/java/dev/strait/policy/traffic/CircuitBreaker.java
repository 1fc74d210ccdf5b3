package dev.strait.policy.traffic;

/**
 * How much a gateway node sends a service at once before it answers 503 {@code overloaded} instead of
 * queueing more; a service-wide setting.
 *
 * @param maxConnections     the most connections to the service's endpoints (1-1,000,000)
 * @param maxPendingRequests the most calls waiting for a connection or a stream (1-1,000,000)
 * @param maxRequests        the most calls in flight to the service (1-1,000,000)
 */
public record CircuitBreaker(int maxConnections, int maxPendingRequests, int maxRequests) {
    /** The highest value of each limit. */
    public static final int MAX = 1_000_000;

    /** Limits generous enough not to get in the way of a service that has not set its own. */
    public static final CircuitBreaker DEFAULT = new CircuitBreaker(1024, 1024, 1024);

    public CircuitBreaker {
        requireLimit("maxConnections", maxConnections);
        requireLimit("maxPendingRequests", maxPendingRequests);
        requireLimit("maxRequests", maxRequests);
    }

    private static void requireLimit(String name, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(name + " " + value + " is out of range (expected: 1-" + MAX + ")");
        }
    }
}
