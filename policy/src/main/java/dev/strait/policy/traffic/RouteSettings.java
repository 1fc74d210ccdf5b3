package dev.strait.policy.traffic;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How calls are handled once routed: the settings a service gives all its calls, and those a route
 * gives its own, which {@link #overriddenBy} combines field by field. An absent value means "not set
 * here"; where nothing sets it, the gateway's default applies.
 *
 * @param timeout         the longest a whole call may take until the response headers, all attempts included;
 *                        beyond it the caller gets 504 {@code upstream_timeout}
 * @param perTryTimeout   the longest one attempt may take; at most {@code timeout} where both are set
 * @param retries         when to try again; {@link RetryRules#DEFAULT} where nothing sets it
 * @param rateLimit       the calls each caller may make, per route and gateway node; no limit where nothing sets it
 * @param requestHeaders  edits to the request on its way to the upstream
 * @param responseHeaders edits to the response on its way back to the caller
 */
public record RouteSettings(Optional<Duration> timeout, Optional<Duration> perTryTimeout, Optional<RetryRules> retries,
        Optional<RateLimit> rateLimit, HeaderEdits requestHeaders, HeaderEdits responseHeaders) {
    /** Nothing set. */
    public static final RouteSettings NONE = new RouteSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), HeaderEdits.NONE, HeaderEdits.NONE);

    public RouteSettings {
        requirePositive("timeout", timeout);
        requirePositive("perTryTimeout", perTryTimeout);
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }

    /**
     * These settings with {@code route}'s on top: each value {@code route} sets replaces this one's,
     * and header edits apply this one's first, then the route's ({@link HeaderEdits#then}).
     */
    public RouteSettings overriddenBy(RouteSettings route) {
        return new RouteSettings(
                route.timeout.or(() -> timeout),
                route.perTryTimeout.or(() -> perTryTimeout),
                route.retries.or(() -> retries),
                route.rateLimit.or(() -> rateLimit),
                requestHeaders.then(route.requestHeaders),
                responseHeaders.then(route.responseHeaders));
    }

    /** These settings with {@code newTimeout} as the timeout. */
    public RouteSettings withTimeout(Duration newTimeout) {
        return new RouteSettings(Optional.of(newTimeout), perTryTimeout, retries, rateLimit, requestHeaders, responseHeaders);
    }

    /** These settings with {@code newPerTryTimeout} as the timeout of each attempt. */
    public RouteSettings withPerTryTimeout(Duration newPerTryTimeout) {
        return new RouteSettings(timeout, Optional.of(newPerTryTimeout), retries, rateLimit, requestHeaders, responseHeaders);
    }

    /** These settings with {@code newRetries}. */
    public RouteSettings withRetries(RetryRules newRetries) {
        return new RouteSettings(timeout, perTryTimeout, Optional.of(newRetries), rateLimit, requestHeaders, responseHeaders);
    }

    /** These settings with {@code newRateLimit}. */
    public RouteSettings withRateLimit(RateLimit newRateLimit) {
        return new RouteSettings(timeout, perTryTimeout, retries, Optional.of(newRateLimit), requestHeaders, responseHeaders);
    }

    /** These settings with {@code newRequestHeaders} as the request's header edits. */
    public RouteSettings withRequestHeaders(HeaderEdits newRequestHeaders) {
        return new RouteSettings(timeout, perTryTimeout, retries, rateLimit, newRequestHeaders, responseHeaders);
    }

    /** These settings with {@code newResponseHeaders} as the response's header edits. */
    public RouteSettings withResponseHeaders(HeaderEdits newResponseHeaders) {
        return new RouteSettings(timeout, perTryTimeout, retries, rateLimit, requestHeaders, newResponseHeaders);
    }

    private static void requirePositive(String name, Optional<Duration> duration) {
        Objects.requireNonNull(duration, name);
        duration.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " " + value.toMillis() + " ms is not positive"
                        + " (expected: a duration greater than 0, such as 500ms)");
            }
        });
    }
}
