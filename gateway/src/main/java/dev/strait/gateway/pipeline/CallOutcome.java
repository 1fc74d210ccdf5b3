package dev.strait.gateway.pipeline;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Instant;
import java.util.Optional;

/**
 * One finished call, for metrics and access logs. Values the call never got to (a malformed
 * request has no service) are empty.
 *
 * @param start          when the call arrived (wall clock)
 * @param durationNanos  from arrival until the gateway was done with the call (the response sent whole, or failed)
 * @param path           the normalized request path without query; never a metric label
 * @param route          the traffic route the call matched
 * @param callerRegion   the region of the caller
 * @param caller         the caller's identity as authorization saw it (a SPIFFE ID, or {@code anonymous})
 * @param firstChoice    the region of the call's first candidate: served elsewhere means the call failed over
 * @param servedBy       the region of the last attempt's target
 * @param upstream       the last attempt's target: an endpoint, or another region's gateway
 * @param attempts       targets tried (0 when the call never reached forwarding)
 * @param upstreamNanos  time spent forwarding, all attempts included
 * @param status         the status the client got
 * @param error          the gateway's own error, when it made the answer
 * @param traceId        the W3C trace id the call carried or was given
 * @param spanId         the span this gateway opened for the call
 * @param parentSpanId   the caller's span, when the call continued a trace (for a call from another
 *                       region's gateway, that gateway's span)
 */
public record CallOutcome(Instant start, long durationNanos, Listener listener, String method, String authority, String path,
        Optional<ServiceName> service, Optional<String> route, Optional<RegionName> callerRegion, Optional<String> caller,
        Optional<RegionName> firstChoice, Optional<RegionName> servedBy, Optional<HostPort> upstream, int attempts,
        long upstreamNanos, int status, long requestBytes, long responseBytes, Optional<GatewayError> error,
        Optional<String> traceId, Optional<String> spanId, Optional<String> parentSpanId) {

    /** A call whose parent span is unknown. */
    public CallOutcome(Instant start, long durationNanos, Listener listener, String method, String authority, String path,
            Optional<ServiceName> service, Optional<String> route, Optional<RegionName> callerRegion, Optional<String> caller,
            Optional<RegionName> firstChoice, Optional<RegionName> servedBy, Optional<HostPort> upstream, int attempts,
            long upstreamNanos, int status, long requestBytes, long responseBytes, Optional<GatewayError> error,
            Optional<String> traceId, Optional<String> spanId) {
        this(start, durationNanos, listener, method, authority, path, service, route, callerRegion, caller, firstChoice, servedBy,
                upstream, attempts, upstreamNanos, status, requestBytes, responseBytes, error, traceId, spanId, Optional.empty());
    }

    /** Retries: attempts after the first. */
    public int retries() {
        return Math.max(0, attempts - 1);
    }

    /** Whether the call was served by another region than its first choice. */
    public boolean failedOver() {
        return firstChoice.isPresent() && servedBy.isPresent() && !firstChoice.equals(servedBy);
    }
}
