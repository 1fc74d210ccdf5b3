package dev.strait.policy.traffic;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential from {@code base}, capped at {@code max}, with full
 * jitter, so that callers failing together do not retry together.
 *
 * @param base the cap before the first retry, positive
 * @param max  the highest cap, at least {@code base}
 */
public record Backoff(Duration base, Duration max) {
    /** The longest {@code max}: a longer wait would outlast any caller's patience. */
    public static final Duration LONGEST = Duration.ofHours(1);

    /** Retry at once; the only backoff with zero durations. */
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        // NONE is still null only while this class initializes, that is, while NONE itself is built.
        boolean buildingNone = NONE == null && base.isZero() && max.isZero();
        if (!buildingNone) {
            if (base.isNegative() || base.isZero()) {
                throw new IllegalArgumentException("backoff base " + base.toMillis() + " ms is not positive"
                        + " (expected: a duration greater than 0, such as 25ms)");
            }
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff max " + max.toMillis() + " ms is shorter than its base "
                        + base.toMillis() + " ms (expected: at least the base)");
            }
            if (max.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("backoff max " + max.toMillis() + " ms is too long (expected: at most "
                        + LONGEST.toMillis() + " ms)");
            }
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): uniform in
     * {@code [0, min(max, base * 2^(retry-1))]}; always zero for {@link #NONE}.
     */
    public Duration delay(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry " + retry + " is out of range (expected: 1 or more)");
        }
        if (base.isZero()) {
            return Duration.ZERO;
        }
        long baseNanos = base.toNanos();
        long maxNanos = max.toNanos();
        int doublings = retry - 1;
        // base * 2^doublings <= max exactly when base <= floor(max / 2^doublings); no overflow either way.
        long cap = doublings < Long.SIZE - 1 && baseNanos <= maxNanos >> doublings ? baseNanos << doublings : maxNanos;
        return Duration.ofNanos(random.nextLong(cap + 1));
    }
}
