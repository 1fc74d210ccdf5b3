package dev.strait.policy.traffic;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how often a call is tried again.
 *
 * @param attempts how many times a call is tried at most, the first attempt included (1-10; 1 for no retries)
 * @param on       the conditions that make an attempt worth retrying
 * @param statuses the statuses that {@link RetryOn#RETRIABLE_STATUS} retries (each 100-599); non-empty exactly
 *                 when {@code on} holds it
 * @param backoff  how long to wait before each retry
 */
public record RetryRules(int attempts, Set<RetryOn> on, Set<Integer> statuses, Backoff backoff) {
    /** The most attempts a call may get. */
    public static final int MAX_ATTEMPTS = 10;

    /** Three attempts, on failures that happen before an upstream could have acted on the request, at once. */
    public static final RetryRules DEFAULT = new RetryRules(3,
            Set.of(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED, RetryOn.RESET), Set.of(), Backoff.NONE);

    public RetryRules {
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("attempts " + attempts + " is out of range (expected: 1-" + MAX_ATTEMPTS
                    + ", the first attempt included)");
        }
        on = Set.copyOf(on);
        Objects.requireNonNull(backoff, "backoff");
        for (Integer status : statuses) {
            if (status == null || status < 100 || status > 599) {
                throw new IllegalArgumentException("status " + status + " is out of range (expected: 100-599)");
            }
        }
        // Sorted, so that messages and the admin API list them in order.
        statuses = Collections.unmodifiableSortedSet(new TreeSet<>(statuses));
        if (on.contains(RetryOn.RETRIABLE_STATUS) && statuses.isEmpty()) {
            throw new IllegalArgumentException("retries on retriable-status but lists no statuses"
                    + " (expected: statuses such as [409])");
        }
        if (!statuses.isEmpty() && !on.contains(RetryOn.RETRIABLE_STATUS)) {
            throw new IllegalArgumentException("lists statuses " + statuses + " but does not retry on retriable-status"
                    + " (expected: retriable-status in 'on', or no statuses)");
        }
    }

    /** Whether an attempt that failed with {@code condition} is retried (while attempts are left). */
    public boolean retriesOn(RetryOn condition) {
        return on.contains(condition);
    }

    /** Whether an attempt answered with {@code status} is retried (while attempts are left). */
    public boolean retriesStatus(int status) {
        return (status >= 500 && status <= 599 && on.contains(RetryOn.SERVER_ERROR))
                || ((status == 502 || status == 503 || status == 504) && on.contains(RetryOn.GATEWAY_ERROR))
                || (on.contains(RetryOn.RETRIABLE_STATUS) && statuses.contains(status));
    }
}
