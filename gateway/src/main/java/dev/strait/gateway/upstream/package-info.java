/**
 * Carrying calls onwards: {@link dev.strait.gateway.upstream.Forwarding} is the last stage; it
 * uses an HTTP/2 forwarder (one stream per call on pooled connections, towards peer gateways and
 * HTTP/2 or gRPC endpoints) or an HTTP/1.1 forwarder (Jetty's keep-alive pool). Both stream
 * bodies chunk by chunk and relay trailers. A failed attempt moves to another target only as
 * {@code RetryPolicy} allows, with the body replayed from a bounded retry buffer
 * ({@code ReplayableBody}), within the timeouts for response headers ({@code HeadersTimeouts})
 * and the per-service {@code RetryBudget}; {@link dev.strait.gateway.upstream.Forwarding.Settings}
 * holds the numbers. {@link dev.strait.gateway.upstream.UpstreamTransports} owns the clients;
 * {@link dev.strait.gateway.upstream.ClientTlsContexts} says how each far end is verified.
 */
package dev.strait.gateway.upstream;
