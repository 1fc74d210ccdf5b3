package dev.strait.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.peering.PeeringStatus;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FederationMetricsTest {
    private static final RegionName WEST = CallOutcomes.WEST;
    private static final RegionName NORTH = RegionName.of("north");
    private static final Map<String, String> PEER_WEST = Map.of("peer_region", "west");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<RoutingSnapshot> snapshot = new AtomicReference<>(CallOutcomes.SNAPSHOT);
    private final AtomicReference<RegionState> state = new AtomicReference<>(RegionState.EMPTY);
    private final AtomicReference<PeeringStatus> peering = new AtomicReference<>(new PeeringStatus(false, List.of(), List.of()));
    private final FederationMetrics metrics = new FederationMetrics(snapshot::get, state::get, peering::get);

    static Stream<Arguments> views() {
        PeeringStatus.Export exportUp = new PeeringStatus.Export(WEST, true, "127.0.0.1:9500", 4, 4, 1L);
        PeeringStatus.Export exportDown = new PeeringStatus.Export(WEST, false, "", 4, 3, 1L);
        PeeringStatus.Import heard = new PeeringStatus.Import(WEST, true, 1_500);
        return Stream.of(
                Arguments.of("the leader with both streams up", new PeeringStatus(true, List.of(exportUp), List.of(heard)),
                        Optional.of(imported(false)), 1.0, 0.0, 1.5),
                Arguments.of("the leader whose export stream is down", new PeeringStatus(true, List.of(exportDown), List.of(heard)),
                        Optional.of(imported(false)), 0.0, 0.0, 1.5),
                Arguments.of("the leader that never heard from the peer",
                        new PeeringStatus(true, List.of(exportUp), List.of(new PeeringStatus.Import(WEST, false, -1))),
                        Optional.of(imported(false)), 0.0, 0.0, Double.NaN),
                Arguments.of("a follower of a region with a fresh import", new PeeringStatus(false, List.of(), List.of()),
                        Optional.of(imported(false)), 1.0, 0.0, Double.NaN),
                Arguments.of("a follower of a region whose import went stale", new PeeringStatus(false, List.of(), List.of()),
                        Optional.of(imported(true)), 0.0, 1.0, Double.NaN),
                Arguments.of("a node of a region that imported nothing yet", new PeeringStatus(false, List.of(), List.of()),
                        Optional.empty(), 0.0, 0.0, Double.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void peerGaugesSayWhatTheNodeKnowsOfThePeer(String what, PeeringStatus streams, Optional<ImportedRegion> imported,
            double connected, double stale, double lagSeconds) {
        peering.set(streams);
        state.set(imported.map(FederationMetricsTest::holding).orElse(RegionState.EMPTY));
        metrics.bindTo(registry);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("strait_federation_peer_connected", PEER_WEST)).as(what).hasValue(connected);
        assertThat(scrape.value("strait_federation_peer_stale", PEER_WEST)).as(what).hasValue(stale);
        assertThat(scrape.value("strait_federation_peer_lag_seconds", PEER_WEST)).as(what).hasValue(lagSeconds);
    }

    @Test
    void aPeerAddedByALaterSnapshotGetsItsSeriesAndARemovedOneReadsNaN() {
        metrics.bindTo(registry);
        assertThat(Scrape.parse(registry.scrape()).named("strait_federation_peer_connected")).hasSize(1);

        RoutingSnapshot base = CallOutcomes.SNAPSHOT;
        RoutingSnapshot onlyNorth = new RoutingSnapshot(2, base.region(), base.trustDomain(), base.meshSuffix(), base.failoverRoutes(),
                base.pinnedRoutes(), base.localServices(), Map.of(), base.unreachableGateways(), base.ownGateways(),
                Map.of(NORTH, List.of(new HostPort("127.0.0.1", 9600))), base.authorization(), base.localCallers(), base.faults());
        snapshot.set(onlyNorth);
        metrics.observe(onlyNorth);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("strait_federation_peer_connected", Map.of("peer_region", "north"))).hasValue(0.0);
        assertThat(scrape.value("strait_federation_peer_connected", PEER_WEST)).hasValueSatisfying(v -> assertThat(v).isNaN());
    }

    private static ImportedRegion imported(boolean stale) {
        return new ImportedRegion(WEST, 4, List.of(new HostPort("127.0.0.1", 9443)), Map.of(), 1L, stale);
    }

    private static RegionState holding(ImportedRegion imported) {
        return new RegionState(AppliedConfig.NONE, Map.of(), Map.of(WEST, imported), Map.of(), 0, 0);
    }
}
