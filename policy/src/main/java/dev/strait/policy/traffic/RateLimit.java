package dev.strait.policy.traffic;

/**
 * A token bucket: calls of one caller on one route, through one gateway node, beyond it are answered
 * 429 {@code rate_limited}.
 *
 * @param requestsPerSecond how fast the bucket refills (greater than 0, at most 1,000,000)
 * @param burst             how many tokens the bucket holds, the most calls at once after a quiet spell (1-1,000,000)
 */
public record RateLimit(double requestsPerSecond, int burst) {
    /** The highest rate and the largest burst. */
    public static final int MAX = 1_000_000;

    public RateLimit {
        // Written so that NaN fails too.
        if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX)) {
            throw new IllegalArgumentException("requestsPerSecond " + requestsPerSecond + " is out of range (expected: "
                    + "greater than 0 and at most " + MAX + ")");
        }
        if (burst < 1 || burst > MAX) {
            throw new IllegalArgumentException("burst " + burst + " is out of range (expected: 1-" + MAX + ")");
        }
    }
}
