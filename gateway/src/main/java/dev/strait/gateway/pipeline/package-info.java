/**
 * The request path of a gateway node: one {@link dev.strait.gateway.pipeline.Exchange} per call,
 * passed through a {@link dev.strait.gateway.pipeline.Pipeline} of blocking
 * {@link dev.strait.gateway.pipeline.Filter} stages on the call's virtual thread.
 *
 * <pre>
 *  client ──▶ [server] Jetty listener (local: HTTP/1.1 + h2c │ peer: mTLS h2 + HTTP/1.1)
 *               │  1. ExchangeHandler reads the routing snapshot once and builds the Exchange
 *               ▼
 *             [identity] CallerIdentification   2. who calls: anonymous, a workload (certificate or
 *               │                                  localCallers by source address), or a peer
 *               │                                  gateway asserting a caller of its own region
 *               ▼
 *             [routing] RouteSelection          3. authority ─▶ ordered candidates
 *               │                                  (local endpoints, then regions in failover order)
 *               ▼
 *             [authorization] Authorization     4. for this region's own services (always for a peer
 *               │                                  gateway's call): the service's rules decide;
 *               │                                  denied ─▶ 403 denied, nothing reaches an endpoint
 *               ▼
 *             [faults] FaultInjection           5. drills: the region's unexpired faults that match
 *               │                                  delay the call or answer it themselves
 *               ▼
 *             [upstream] Forwarding             6. first candidate: an endpoint (HTTP/1.1 pool or
 *               │                                  HTTP/2 stream) or a peer gateway (HTTP/2 stream
 *               │                                  over pooled mTLS), bodies and trailers streamed;
 *               │                                  a failed attempt moves to the next target when
 *               ▼                                  that cannot do harm (bounded retry buffer, budget)
 *  client ◀── response relayed as it arrives, with x-strait-region
 * </pre>
 *
 * <p>A stage that cannot go on throws {@link dev.strait.gateway.pipeline.GatewayException}; the
 * server turns it into the contract's error ({@code x-strait-error} and a JSON body, or a
 * trailers-only gRPC status for a gRPC call). Nothing
 * here imports Jetty's server types: the server package adapts them.
 */
package dev.strait.gateway.pipeline;
