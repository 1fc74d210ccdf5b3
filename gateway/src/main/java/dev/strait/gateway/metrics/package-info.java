/**
 * A node's Prometheus metrics, shown by {@code GET /metrics} of its admin listener.
 * {@link dev.strait.gateway.metrics.NodeMetrics} is the starting point: it owns the node's one
 * registry and binds the recorders to it, each with one job: {@code CallMetrics} (told of every
 * finished call), {@code UpstreamMetrics}, {@code FederationMetrics}, {@code RaftMetrics},
 * {@code RatisMetrics} (Ratis's own metrics of the node's Raft member, looked over again on every
 * scrape), {@code CertificateMetrics} and {@code JvmMetrics}. Labels stay bounded
 * ({@code BoundedLabels}): services and regions the node does not know become {@code unknown},
 * and paths, addresses and callers are never labels. docs/observability.md lists every series.
 */
package dev.strait.gateway.metrics;
