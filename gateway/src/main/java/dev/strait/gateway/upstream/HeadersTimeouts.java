package dev.strait.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * How long one call waits for response headers: each attempt for at most the per-try timeout,
 * and all attempts together for at most the call timeout. As in Envoy, both count from when the
 * request has been sent whole (for the call, the first time it was), so a client still
 * streaming its request is never cut off by them; idle timeouts guard those.
 *
 * <p>The per-try timeout applies only to an attempt that could be retried elsewhere (cutting
 * one short is only worth it to try another target): a non-idempotent call, or a gRPC stream
 * whose server sends headers with its first message, waits as long as the upstream takes. The
 * call timeout is off by default, as in Istio and Linkerd.
 */
final class HeadersTimeouts {
    private static final long UNSET = Long.MIN_VALUE;

    private final Scheduler scheduler;
    private final Duration perTry;
    private final Duration call;
    private final LongSupplier nanoTime;
    private final BooleanSupplier retryable;
    // Set by whichever thread first sees a request sent whole; read by the call's thread.
    private volatile long callDeadline = UNSET;

    /**
     * @param call      the call's limit, {@link Duration#ZERO} for none
     * @param retryable whether an attempt that timed out now could still go elsewhere
     */
    HeadersTimeouts(Scheduler scheduler, Duration perTry, Duration call, LongSupplier nanoTime, BooleanSupplier retryable) {
        this.scheduler = scheduler;
        this.perTry = perTry;
        this.call = call;
        this.nanoTime = nanoTime;
        this.retryable = retryable;
    }

    /**
     * Starts the clock of an attempt whose request was just sent whole: {@code relay} fails with
     * {@link HeadersTimeoutException} unless its headers arrive in time.
     */
    Scheduler.Task start(ResponseRelay relay) {
        long now = nanoTime.getAsLong();
        long deadline = callDeadline;
        if (deadline == UNSET && !call.isZero()) {
            deadline = now + call.toNanos();
            callDeadline = deadline;
        }
        long left = deadline == UNSET ? Long.MAX_VALUE : deadline - now;
        long tryLimit = retryable.getAsBoolean() ? perTry.toNanos() : Long.MAX_VALUE;
        if (left == Long.MAX_VALUE && tryLimit == Long.MAX_VALUE) {
            return () -> false;
        }
        boolean callEnds = left <= tryLimit;
        long wait = Math.max(0, Math.min(left, tryLimit));
        String what = callEnds
                ? "no response headers within the call's " + call.toMillis() + " ms"
                : "no response headers within the per-try timeout of " + perTry.toMillis() + " ms";
        return scheduler.schedule(() -> relay.headersTimedOut(new HeadersTimeoutException(what)), wait, TimeUnit.NANOSECONDS);
    }

    /** Whether the call has used up its time for response headers, so no other attempt may start. */
    boolean callExpired() {
        long deadline = callDeadline;
        return deadline != UNSET && nanoTime.getAsLong() - deadline >= 0;
    }

    Duration call() {
        return call;
    }

    /** An attempt had no response headers in time. */
    static final class HeadersTimeoutException extends Exception {
        HeadersTimeoutException(String message) {
            super(message, null, false, false);
        }
    }
}
