package dev.strait.gateway.pipeline;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to one call, as the stages learn it: who called, which service and route, where
 * it was served, how many attempts it took. The stages write it on the call's own thread; only
 * the byte counts are written by the threads that relay bodies. When the call ends, {@link
 * #outcome} turns it into the immutable {@link CallOutcome} that metrics and access logs read.
 */
public final class CallRecord {
    private final Instant start;
    private final long startNanos;
    private final Listener listener;
    private final String method;
    private final String authority;
    private final String path;
    private final AtomicLong requestBytes = new AtomicLong();
    private final AtomicLong responseBytes = new AtomicLong();
    private ServiceName service;
    private String route;
    private RegionName callerRegion;
    private String caller;
    private RegionName firstChoice;
    private RegionName servedBy;
    private HostPort upstream;
    private int attempts;
    private long upstreamStartNanos;
    private long upstreamNanos;
    private String traceId;
    private String spanId;
    private String parentSpanId;

    /**
     * @param start      when the call arrived, by the wall clock (for logs)
     * @param startNanos when the call arrived, by {@link System#nanoTime()} (for durations)
     * @param path       the request path, normalized, without query
     */
    public CallRecord(Instant start, long startNanos, Listener listener, String method, String authority, String path) {
        this.start = start;
        this.startNanos = startNanos;
        this.listener = listener;
        this.method = method;
        this.authority = authority;
        this.path = path;
    }

    public void caller(RegionName region, String identity) {
        this.callerRegion = region;
        this.caller = identity;
    }

    /** The service the call names. */
    public void service(ServiceName service) {
        this.service = service;
    }

    /** The region of the call's first candidate, once routing and splits have ordered them: where it goes if all is well. */
    public void firstChoice(RegionName region) {
        this.firstChoice = region;
    }

    /** The name of the traffic route the call matched. */
    public void route(String route) {
        this.route = route;
    }

    /** An attempt starts, to {@code upstream} in {@code region}. */
    public void attempt(RegionName region, HostPort upstream) {
        if (attempts == 0) {
            upstreamStartNanos = System.nanoTime();
        }
        attempts++;
        this.servedBy = region;
        this.upstream = upstream;
    }

    /** Forwarding is over (the response relayed, or the last attempt failed). */
    public void upstreamDone() {
        if (attempts > 0) {
            upstreamNanos = System.nanoTime() - upstreamStartNanos;
        }
    }

    /** The W3C trace the call belongs to, and the span this gateway opened for it. */
    public void trace(String traceId, String spanId) {
        this.traceId = traceId;
        this.spanId = spanId;
    }

    /** The caller's span, when the call continued the caller's trace: the parent of this gateway's span. */
    public void parentSpan(String parentSpanId) {
        this.parentSpanId = parentSpanId;
    }

    public void requestBytes(long bytes) {
        requestBytes.addAndGet(bytes);
    }

    public void responseBytes(long bytes) {
        responseBytes.addAndGet(bytes);
    }

    public Listener listener() {
        return listener;
    }

    /** The immutable record of the call, now that it ended with {@code status} (and {@code error}, when the gateway made the answer). */
    public CallOutcome outcome(int status, Optional<GatewayError> error, long endNanos) {
        return new CallOutcome(start, endNanos - startNanos, listener, method, authority, path,
                Optional.ofNullable(service), Optional.ofNullable(route), Optional.ofNullable(callerRegion),
                Optional.ofNullable(caller), Optional.ofNullable(firstChoice), Optional.ofNullable(servedBy),
                Optional.ofNullable(upstream), attempts, upstreamNanos, status, requestBytes.get(), responseBytes.get(), error,
                Optional.ofNullable(traceId), Optional.ofNullable(spanId), Optional.ofNullable(parentSpanId));
    }
}
