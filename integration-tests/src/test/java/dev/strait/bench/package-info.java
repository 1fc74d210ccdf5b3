/**
 * Benchmarks, not tests: nothing here runs in {@code ./mvnw verify}. They run through the
 * {@code bench} Maven profile of this module (or {@code integration-tests/bench/*.sh}), and their
 * results go into {@code docs/benchmarks.md} with the command that produced them.
 *
 * <p>Starting points: {@link dev.strait.bench.RaftBenchmark}, which measures the region state store
 * ({@code RegionStateStore}) on a three-node Ratis group on loopback ({@link dev.strait.bench.LoopbackRegion}):
 * write throughput and commit latency under concurrent writers ({@link dev.strait.bench.WriteLoad}),
 * and the time from losing the leader to the first successful write ({@link dev.strait.bench.LeaderFailover});
 * and {@link dev.strait.bench.FailoverBenchmark}, which measures on a three-region federation under an
 * open-loop load how fast calls move away from a failed endpoint or a dark region and come back, how many
 * fail meanwhile, and how fast a catalog change reaches every node of another region.
 */
package dev.strait.bench;
