/**
 * The gateway's side of active health checking: {@link dev.strait.gateway.health.HttpProbe}, the
 * HTTP {@link dev.strait.federation.health.Probe} that a {@link dev.strait.federation.health.HealthChecker}
 * runs for services with an {@code http} check. It speaks to an endpoint as forwarding does (its
 * protocol and upstream TLS mode, verified by SPIFFE ID through the node's
 * {@link dev.strait.gateway.upstream.ClientTlsContexts}); the scheduling, thresholds and Raft writes
 * live in {@code dev.strait.federation.health}.
 */
package dev.strait.gateway.health;
