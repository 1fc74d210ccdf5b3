package dev.strait.federation.health;

import dev.strait.federation.catalog.Health;
import dev.strait.policy.model.HealthCheck;
import java.util.Optional;

/**
 * One endpoint's run of check results: consecutive successes and failures, and the health they
 * add up to. Pure; not thread-safe (each endpoint's checks run one at a time).
 */
final class HealthTracker {
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private Health health;
    private boolean observed;
    private int successes;
    private int failures;

    /**
     * @param initial the endpoint's replicated health, the starting point before any check
     */
    HealthTracker(Health initial, int healthyThreshold, int unhealthyThreshold) {
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1: healthy " + healthyThreshold
                    + ", unhealthy " + unhealthyThreshold);
        }
        this.health = initial;
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    HealthTracker(Health initial, HealthCheck.Active check) {
        this(initial, check.healthyThreshold(), check.unhealthyThreshold());
    }

    /**
     * Counts one check result; returns the new health when this result completes a threshold that
     * changes it ({@code healthyThreshold} successes in a row for an endpoint not yet HEALTHY,
     * {@code unhealthyThreshold} failures in a row for one not yet UNHEALTHY).
     */
    Optional<Health> record(boolean success) {
        if (success) {
            successes++;
            failures = 0;
            return successes >= healthyThreshold ? moveTo(Health.HEALTHY) : Optional.empty();
        }
        failures++;
        successes = 0;
        return failures >= unhealthyThreshold ? moveTo(Health.UNHEALTHY) : Optional.empty();
    }

    Health health() {
        return health;
    }

    /** Whether {@link #health()} was decided by this tracker's own checks, rather than taken from the region. */
    boolean observed() {
        return observed;
    }

    /**
     * Takes {@code replicated} as the current health without checks of its own (another node decided
     * it); the counts stay, so the next result that completes a threshold moves it again.
     */
    void adopt(Health replicated) {
        health = replicated;
        observed = false;
    }

    private Optional<Health> moveTo(Health next) {
        if (health == next) {
            return Optional.empty();
        }
        health = next;
        observed = true;
        return Optional.of(next);
    }
}
