/**
 * The request path of a gateway node: one {@link dev.strait.gateway.pipeline.Exchange} per call,
 * passed through a {@link dev.strait.gateway.pipeline.Pipeline} of blocking
 * {@link dev.strait.gateway.pipeline.Filter} stages on the call's virtual thread.
 *
 * <pre>
 *  client ──▶ [server] Jetty listener (local: HTTP/1.1 + h2c, or mTLS │ peer: mTLS h2 + HTTP/1.1)
 *               │  1. ExchangeHandler reads the routing snapshot once, normalizes the path, and
 *               │     builds the Exchange with its CallRecord
 *               ▼
 *             [tracing] Tracing                 2. continues the caller's W3C trace or starts one,
 *               │                                  and opens this gateway's span
 *               ▼
 *             [identity] CallerIdentification   3. who calls: anonymous, a workload (certificate,
 *               │                                  localCallers, listener identity), or a peer
 *               │                                  gateway asserting a caller of its own region
 *               ▼
 *             [routing] RouteSelection          4. authority ─▶ ordered candidates
 *               │                                  (local endpoints, then regions in failover order)
 *               ▼
 *             [authorization] Authorization     5. where this region serves the call, the service's
 *               │                                  rules decide; else early refusal when every
 *               │                                  serving region denies; denied ─▶ 403 denied
 *               ▼
 *             [traffic] TrafficRouting          6. the service's route for the call, and its split
 *               │                                  (subsets of endpoints, or another region first)
 *               ▼
 *             [traffic] RateLimiting            7. the route's token bucket for the caller ─▶ 429
 *               ▼
 *             [faults] FaultInjection           8. drills: matching faults delay the call or answer it
 *               ▼
 *             [upstream] Forwarding             9. first candidate: an endpoint (HTTP/1.1 pool or
 *               │                                  HTTP/2 stream, within its circuit breaker) or a
 *               │                                  peer gateway (HTTP/2 stream over pooled mTLS);
 *               │                                  bodies and trailers streamed; the route's
 *               │                                  timeouts and retry rules, a bounded retry buffer
 *               ▼                                  and the retry budget decide what is tried again
 *  client ◀── response relayed as it arrives, with x-strait-region and the route's header edits
 *               │
 *               └─ 10. the finished call's CallOutcome goes to the CallObservers (metrics, access log)
 * </pre>
 *
 * <p>A stage that cannot go on throws {@link dev.strait.gateway.pipeline.GatewayException}; the
 * server turns it into the contract's error ({@code x-strait-error} and a JSON body, or a
 * trailers-only gRPC status for a gRPC call). Nothing
 * here imports Jetty's server types: the server package adapts them.
 */
package dev.strait.gateway.pipeline;
