package dev.strait.gateway.events;

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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failovers and failbacks as a node's routing snapshots show them, with their causes. */
class RoutingEventsTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final RegionName SOUTH = RegionName.of("south");
    private static final ServiceName ORDERS = ServiceName.of("orders");
    private static final Candidate.LocalEndpoints LOCAL = new Candidate.LocalEndpoints(EAST, ORDERS, Protocol.HTTP1,
            UpstreamTls.PLAINTEXT, List.of(new EndpointConfig(EndpointId.of("orders-1"), new HostPort("127.0.0.1", 9001))));
    private static final Candidate.RemoteRegion WEST_HEALTHY = remote(WEST, 2, 3, false);
    private static final Candidate.RemoteRegion SOUTH_HEALTHY = remote(SOUTH, 1, 1, false);

    private final List<String> lines = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final RoutingEvents events = new RoutingEvents(new EventLog(registry, Clock.systemUTC(), lines::add), nanos::get);

    @Test
    void aServiceWhoseLocalEndpointsAreGoneFailsOverAndComesBackWithTheTimeAway() {
        events.accept(snapshot(1, List.of(LOCAL, WEST_HEALTHY), Map.of(WEST, WEST_HEALTHY)));
        events.accept(snapshot(2, List.of(WEST_HEALTHY), Map.of(WEST, WEST_HEALTHY)));
        nanos.addAndGet(3_000_000_000L);
        events.accept(snapshot(3, List.of(LOCAL, WEST_HEALTHY), Map.of(WEST, WEST_HEALTHY)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event\":\"failover\"", "\"service\":\"orders\"", "\"from\":\"east\"", "\"to\":\"west\"",
                "\"cause\":\"no routable endpoint in region 'east'\"");
        assertThat(lines.get(1)).contains("\"event\":\"failback\"", "\"from\":\"west\"", "\"to\":\"east\"", "\"awayMs\":3000");
        assertThat(registry.get("strait.events").tag("kind", "failover").counter().count()).isEqualTo(1);
        assertThat(registry.get("strait.events").tag("kind", "failback").counter().count()).isEqualTo(1);
    }

    @Test
    void aRemoteRegionLeavingFirstPlaceNamesWhatTheSnapshotShows() {
        events.accept(snapshot(1, List.of(WEST_HEALTHY, SOUTH_HEALTHY), Map.of(WEST, WEST_HEALTHY, SOUTH, SOUTH_HEALTHY)));
        events.accept(snapshot(2, List.of(SOUTH_HEALTHY), Map.of(WEST, remote(WEST, 0, 3, false), SOUTH, SOUTH_HEALTHY)));
        events.accept(snapshot(3, List.of(WEST_HEALTHY, SOUTH_HEALTHY), Map.of(WEST, WEST_HEALTHY, SOUTH, SOUTH_HEALTHY)));
        events.accept(snapshot(4, List.of(SOUTH_HEALTHY), Map.of(WEST, remote(WEST, 2, 0, false), SOUTH, SOUTH_HEALTHY)));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"cause\":\"no gateway of region 'west' answers probes\"");
        assertThat(lines.get(1)).contains("\"event\":\"failback\"");
        assertThat(lines.get(2)).contains("\"cause\":\"region 'west' reports no healthy endpoint\"");
    }

    @Test
    void aNodeThatHearsOfItsPreferredRegionLateCallsTheNextOutageOfThatRegionAFailover() {
        // Starting, the node knows only south; west, first in the failover order, arrives later.
        events.accept(snapshot(1, List.of(SOUTH_HEALTHY), Map.of(SOUTH, SOUTH_HEALTHY)));
        events.accept(snapshot(2, List.of(WEST_HEALTHY, SOUTH_HEALTHY), Map.of(WEST, WEST_HEALTHY, SOUTH, SOUTH_HEALTHY)));
        events.accept(snapshot(3, List.of(SOUTH_HEALTHY), Map.of(WEST, remote(WEST, 0, 3, false), SOUTH, SOUTH_HEALTHY)));
        nanos.addAndGet(2_000_000_000L);
        events.accept(snapshot(4, List.of(WEST_HEALTHY, SOUTH_HEALTHY), Map.of(WEST, WEST_HEALTHY, SOUTH, SOUTH_HEALTHY)));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"event\":\"failover\"", "\"from\":\"south\"", "\"to\":\"west\"",
                "\"cause\":\"region 'west' comes first now\"");
        assertThat(lines.get(1)).contains("\"event\":\"failover\"", "\"from\":\"west\"", "\"to\":\"south\"",
                "\"cause\":\"no gateway of region 'west' answers probes\"");
        assertThat(lines.get(2)).contains("\"event\":\"failback\"", "\"from\":\"south\"", "\"to\":\"west\"", "\"awayMs\":2000");
    }

    @Test
    void aServiceThatLosesEveryCandidateOrAppearsIsNoFailover() {
        events.accept(snapshot(1, List.of(LOCAL), Map.of()));
        events.accept(snapshot(2, List.of(), Map.of()));
        events.accept(snapshot(3, List.of(LOCAL), Map.of()));

        assertThat(lines).isEmpty();
    }

    private static Candidate.RemoteRegion remote(RegionName region, int gateways, int healthy, boolean stale) {
        List<HostPort> addresses = new ArrayList<>();
        for (int i = 0; i < gateways; i++) {
            addresses.add(new HostPort("10.0.0." + (i + 1), 15443));
        }
        return new Candidate.RemoteRegion(region, addresses, healthy, stale);
    }

    private static RoutingSnapshot snapshot(long version, List<Candidate> candidates, Map<RegionName, Candidate> remotes) {
        return new RoutingSnapshot(version, EAST, new TrustDomain("strait.test"), "mesh", Map.of(ORDERS, candidates),
                Map.of(ORDERS, remotes), Map.of(), Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(),
                Map.of());
    }
}
