/**
 * The immutable routing snapshot a gateway node routes from, and its builder.
 *
 * <p>Start with {@link dev.strait.federation.snapshot.RoutingSnapshot}: it resolves a request's
 * authority into ordered {@link dev.strait.federation.snapshot.Candidate}s, for callers of the
 * node's own region and for calls carried in by peer gateways. {@link
 * dev.strait.federation.snapshot.RoutingSnapshotBuilder} computes its indexes from the config;
 * {@link dev.strait.federation.snapshot.SnapshotPublisher} swaps it atomically.
 */
package dev.strait.federation.snapshot;
