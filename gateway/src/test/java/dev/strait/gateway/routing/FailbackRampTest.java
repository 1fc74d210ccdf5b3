package dev.strait.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailbackRampTest {
    private static final RegionName HOME = RegionName.of("a");
    private static final ServiceName CATALOG = ServiceName.of("catalog");
    private static final Candidate.LocalEndpoints LOCAL = new Candidate.LocalEndpoints(HOME, CATALOG, Protocol.HTTP1,
            UpstreamTls.PLAINTEXT, List.of(new EndpointConfig(EndpointId.of("c-1"), new HostPort("127.0.0.1", 9001))));
    private static final Candidate.LocalEndpoints NO_LOCAL = new Candidate.LocalEndpoints(HOME, CATALOG, Protocol.HTTP1,
            UpstreamTls.PLAINTEXT, List.of());
    private static final Candidate.RemoteRegion B = new Candidate.RemoteRegion(RegionName.of("b"),
            List.of(new HostPort("127.0.0.2", 9443)), 1, false);
    private static final Duration RAMP = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailbackRamp ramp = new FailbackRamp(RAMP, now::get);

    @Test
    void withoutAFailoverEveryCallStaysLocal() {
        ramp.observe(snapshot(1, List.of(LOCAL, B), LOCAL));

        assertThat(localFirstShare(1_000)).isEqualTo(1.0);
    }

    @Test
    void afterAFailoverTheLocalShareGrowsLinearlyOverTheRamp() {
        ramp.observe(snapshot(1, List.of(LOCAL, B), LOCAL));
        ramp.observe(snapshot(2, List.of(B), NO_LOCAL));
        ramp.observe(snapshot(3, List.of(LOCAL, B), LOCAL));

        assertThat(localFirstShare(4_000)).isLessThan(0.02);
        now.addAndGet(RAMP.toNanos() / 4);
        assertThat(localFirstShare(4_000)).isBetween(0.2, 0.3);
        now.addAndGet(RAMP.toNanos() / 2);
        assertThat(localFirstShare(4_000)).isBetween(0.7, 0.8);
        now.addAndGet(RAMP.toNanos() / 4);
        assertThat(localFirstShare(1_000)).isEqualTo(1.0);
    }

    @Test
    void aRampSurvivesUnrelatedSnapshotsAndEndsWithIt() {
        ramp.observe(snapshot(1, List.of(B), NO_LOCAL));
        ramp.observe(snapshot(2, List.of(LOCAL, B), LOCAL));
        now.addAndGet(RAMP.toNanos() / 2);
        ramp.observe(snapshot(3, List.of(LOCAL, B), LOCAL));

        assertThat(localFirstShare(4_000)).isBetween(0.45, 0.55);
        now.addAndGet(RAMP.toNanos());
        ramp.observe(snapshot(4, List.of(LOCAL, B), LOCAL));
        assertThat(localFirstShare(1_000)).isEqualTo(1.0);
    }

    @Test
    void aCallThatIsNotKeptLocalStillHasTheLocalEndpointsAsFallback() {
        ramp.observe(snapshot(1, List.of(B), NO_LOCAL));
        ramp.observe(snapshot(2, List.of(LOCAL, B), LOCAL));

        Resolution.Routed routed = ramp.apply(new Resolution.Routed(CATALOG, false, List.of(LOCAL, B)));

        assertThat(routed.candidates()).containsExactly(B, LOCAL);
    }

    @Test
    void pinnedCallsAndAZeroRampAreNeverReordered() {
        ramp.observe(snapshot(1, List.of(B), NO_LOCAL));
        ramp.observe(snapshot(2, List.of(LOCAL, B), LOCAL));
        assertThat(ramp.apply(new Resolution.Routed(CATALOG, true, List.of(LOCAL))).candidates()).containsExactly(LOCAL);

        FailbackRamp off = new FailbackRamp(Duration.ZERO, now::get);
        off.observe(snapshot(1, List.of(B), NO_LOCAL));
        off.observe(snapshot(2, List.of(LOCAL, B), LOCAL));
        assertThat(off.apply(new Resolution.Routed(CATALOG, false, List.of(LOCAL, B))).candidates()).containsExactly(LOCAL, B);
    }

    private double localFirstShare(int calls) {
        long local = IntStream.range(0, calls)
                .filter(i -> ramp.apply(new Resolution.Routed(CATALOG, false, List.of(LOCAL, B))).candidates().getFirst() == LOCAL)
                .count();
        return (double) local / calls;
    }

    private static RoutingSnapshot snapshot(long version, List<Candidate> failover, Candidate.LocalEndpoints local) {
        return new RoutingSnapshot(version, HOME, new TrustDomain("strait.test"), "mesh",
                Map.of(CATALOG, failover), Map.of(CATALOG, Map.of(HOME, local)),
                Map.of(CATALOG, new RoutingSnapshot.LocalService(local, Set.of(RegionName.of("b")))),
                Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of());
    }
}
