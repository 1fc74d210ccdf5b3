package dev.strait.federation.bench;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request path asks of the routing snapshot, as the number of services in it grows from
 * 10 to 100,000: reading the current snapshot, routing a local caller's call by its authority, and
 * routing a call a peer gateway carried here. Not a test: run with
 * {@code federation/bench/federation-bench.sh SnapshotBenchmark}; results go into docs/benchmarks.md.
 *
 * <p>Every service is served here by two endpoints and fails over to one other region. Calls name
 * 1,024 services drawn at random, in turn, so a large snapshot is not read from a warm cache line
 * each time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SnapshotBenchmark {
    private static final RegionName HERE = RegionName.of("us-east");
    private static final RegionName PEER = RegionName.of("eu-west");
    private static final int SAMPLE = 1024;

    @Param({"10", "1000", "100000"})
    public int services;

    private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>();
    private String[] authorities;
    private int next;

    @Setup
    public void build() {
        Map<ServiceName, List<Candidate>> failover = new HashMap<>();
        Map<ServiceName, Map<RegionName, Candidate>> pinned = new HashMap<>();
        Map<ServiceName, RoutingSnapshot.LocalService> local = new HashMap<>();
        Candidate.RemoteRegion remote = new Candidate.RemoteRegion(PEER, List.of(new HostPort("10.0.2.1", 15002)), 2, false);
        for (int i = 0; i < services; i++) {
            ServiceName service = ServiceName.of("svc-" + i);
            Candidate.LocalEndpoints endpoints = new Candidate.LocalEndpoints(HERE, service, Protocol.HTTP1, UpstreamTls.PLAINTEXT,
                    List.of(endpoint(i, 1), endpoint(i, 2)));
            failover.put(service, List.of(endpoints, remote));
            pinned.put(service, Map.of(HERE, endpoints, PEER, remote));
            local.put(service, new RoutingSnapshot.LocalService(endpoints, Set.of(PEER)));
        }
        current.set(new RoutingSnapshot(1, HERE, new TrustDomain("strait.bench"), "mesh", failover, pinned, local,
                Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of()));
        SplittableRandom random = new SplittableRandom(42);
        authorities = new String[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            authorities[i] = "svc-" + random.nextInt(services) + ".mesh";
        }
    }

    private static EndpointConfig endpoint(int service, int n) {
        return new EndpointConfig(EndpointId.of("e" + n), new HostPort("10.0." + (service % 250) + "." + n, 8080), Map.of());
    }

    /** Reading the snapshot the node routes with now: what every call does once. */
    @Benchmark
    public long readSnapshot() {
        return current.get().version();
    }

    /** A local caller's call, routed by its authority to its ordered failover candidates. */
    @Benchmark
    public Resolution resolveLocalCall() {
        return current.get().resolveForLocalCaller(authorities[next++ & (SAMPLE - 1)]);
    }

    /** A call a peer gateway carried here, routed to this region's endpoints after the export check. */
    @Benchmark
    public Resolution resolvePeerCall() {
        return current.get().resolveForPeer(authorities[next++ & (SAMPLE - 1)], PEER);
    }
}
