package dev.strait.policy.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fault for drills, declared in config or set at runtime: calls to {@code service} in the region whose path starts with
 * {@code pathPrefix} and whose method is {@code method} (each when present) are delayed and/or
 * aborted, each with its own probability, until {@code expiresAtMillis} (wall clock, epoch
 * milliseconds). The values are checked here; where a fault may apply (the region must declare
 * the service, the expiry must be at most {@link #MAX_LIFETIME} ahead) is checked where a
 * region applies it (a runtime fault by the region's state transitions).
 *
 * @param id              a DNS label, unique in the region
 * @param pathPrefix      a path prefix starting with '/', matched against the request path without its query
 * @param method          an upper-case HTTP method
 * @param delay           how long, and for which share of matching calls, to wait before going on
 * @param abort           which status to answer, for which share of matching calls, without reaching an endpoint
 * @param expiresAtMillis when the fault stops applying (epoch milliseconds)
 */
public record Fault(String id, ServiceName service, Optional<String> pathPrefix, Optional<String> method,
        Optional<Delay> delay, Optional<Abort> abort, long expiresAtMillis) {
    /** The longest a fault may live: drills end, and a forgotten fault must not outlive the day. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");

    public Fault {
        if (!DnsLabel.isValid(id)) {
            throw new IllegalArgumentException("fault id '" + id + "' is not a DNS label (expected: " + DnsLabel.RULE + ")");
        }
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(abort, "abort");
        pathPrefix.ifPresent(p -> {
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("path '" + p + "' is not a path prefix (expected: starting with '/', e.g. /api)");
            }
        });
        method.ifPresent(m -> {
            if (!METHOD.matcher(m).matches()) {
                throw new IllegalArgumentException("method '" + m + "' is not an HTTP method (expected: upper case, e.g. GET)");
            }
        });
        if (delay.isEmpty() && abort.isEmpty()) {
            throw new IllegalArgumentException("fault '" + id + "' has neither a delay nor an abort (expected: at least one)");
        }
        if (expiresAtMillis <= 0) {
            throw new IllegalArgumentException("fault '" + id + "' has no expiry (expected: a time in epoch milliseconds)");
        }
    }

    /** Whether the fault still applies at {@code nowMillis}. */
    public boolean activeAt(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    /** Whether a call with {@code method} to {@code path} (without its query) is one this fault targets. */
    public boolean matches(String method, String path) {
        return this.method.map(method::equals).orElse(true) && pathPrefix.map(path::startsWith).orElse(true);
    }

    /** Delay matching calls by {@code duration}, with probability {@code percent} in 100. */
    public record Delay(Duration duration, int percent) {
        /** The longest delay a fault may inject; longer ones would only meet the callers' timeouts. */
        public static final Duration MAX = Duration.ofMinutes(5);

        public Delay {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("delay " + duration.toMillis() + " ms is out of range (expected: 1-"
                        + MAX.toMillis() + " ms)");
            }
            requirePercent("delay", percent);
        }
    }

    /** Answer matching calls with {@code status}, with probability {@code percent} in 100. */
    public record Abort(int status, int percent) {
        public Abort {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("abort status " + status + " is out of range (expected: 400-599)");
            }
            requirePercent("abort", percent);
        }
    }

    private static void requirePercent(String what, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(what + " percent " + percent + " is out of range (expected: 0-100)");
        }
    }
}
