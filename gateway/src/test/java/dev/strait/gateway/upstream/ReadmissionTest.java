package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.Candidate;
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
import org.junit.jupiter.api.Test;

class ReadmissionTest {
    private static final RegionName HOME = RegionName.of("a");
    private static final ServiceName CATALOG = ServiceName.of("catalog");
    private static final HostPort ENDPOINT = new HostPort("127.0.0.1", 9001);
    private static final HostPort GATEWAY = new HostPort("127.0.0.2", 9443);

    private final AtomicLong now = new AtomicLong();
    private final TargetBalancer balancer = new TargetBalancer(Duration.ofSeconds(5), now::get);
    private final Readmission readmission = new Readmission(balancer);

    @Test
    void anEndpointTheRegionBringsBackIsNoLongerAvoided() {
        readmission.observe(snapshot(1, List.of(ENDPOINT), List.of(GATEWAY)));
        balancer.eject(ENDPOINT);
        readmission.observe(snapshot(2, List.of(), List.of(GATEWAY)));
        assertThat(balancer.allEjected(List.of(ENDPOINT))).isTrue();

        readmission.observe(snapshot(3, List.of(ENDPOINT), List.of(GATEWAY)));

        assertThat(balancer.allEjected(List.of(ENDPOINT))).isFalse();
    }

    @Test
    void aRemoteGatewayThatAnswersProbesAgainIsReadmitted() {
        readmission.observe(snapshot(1, List.of(ENDPOINT), List.of()));
        balancer.eject(GATEWAY);

        readmission.observe(snapshot(2, List.of(ENDPOINT), List.of(GATEWAY)));

        assertThat(balancer.allEjected(List.of(GATEWAY))).isFalse();
    }

    @Test
    void aRegionThatRefusedAServiceIsTriedAgainOnceFederationShowsItServing() {
        RegionName b = RegionName.of("b");
        readmission.observe(snapshot(1, List.of(ENDPOINT), List.of(GATEWAY)));
        balancer.refusedBy(CATALOG, b);
        readmission.observe(snapshot(2, List.of(ENDPOINT), List.of(GATEWAY)));
        assertThat(balancer.refusedRecently(CATALOG, b)).as("still routed the same way").isTrue();

        readmission.observe(snapshot(3, List.of(ENDPOINT), List.of()));
        readmission.observe(snapshot(4, List.of(ENDPOINT), List.of(GATEWAY)));

        assertThat(balancer.refusedRecently(CATALOG, b)).isFalse();
    }

    @Test
    void aTargetThatNeverLeftTheSnapshotServesItsWholeEjection() {
        readmission.observe(snapshot(1, List.of(ENDPOINT), List.of(GATEWAY)));
        balancer.eject(ENDPOINT);

        readmission.observe(snapshot(2, List.of(ENDPOINT), List.of(GATEWAY)));

        assertThat(balancer.allEjected(List.of(ENDPOINT))).isTrue();
    }

    private static RoutingSnapshot snapshot(long version, List<HostPort> endpoints, List<HostPort> gateways) {
        Candidate.LocalEndpoints local = new Candidate.LocalEndpoints(HOME, CATALOG, Protocol.HTTP1, UpstreamTls.PLAINTEXT,
                endpoints.stream().map(a -> new EndpointConfig(EndpointId.of("e" + a.port()), a)).toList());
        List<Candidate> failover = gateways.isEmpty() ? List.of(local)
                : List.of(local, new Candidate.RemoteRegion(RegionName.of("b"), gateways, 1, false));
        return new RoutingSnapshot(version, HOME, new TrustDomain("strait.test"), "mesh",
                Map.of(CATALOG, failover), Map.of(CATALOG, Map.of(HOME, local)),
                Map.of(CATALOG, new RoutingSnapshot.LocalService(local, Set.of())),
                Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of());
    }
}
