package dev.strait.federation.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.peering.ExportedCatalog;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a routing snapshot orders candidates, built from a three-region federation in code, no sockets.
 *
 * <pre>
 * region  failover  serves (exportTo; own failover)
 * a       [b, c]    orders (b, c), ledger (b, c; own [c, b]), internal (none), drained (b, c; no endpoints)
 * b       [a]       orders (a, c), ledger (a), search (a, c), billing (c only), drained (a, c)
 * c       []        orders (a, b), ledger (a), search (a, b), billing (a, b)
 * </pre>
 */
class RoutingSnapshotTest {
    private static final RegionName A = RegionName.of("a");
    private static final RegionName B = RegionName.of("b");
    private static final RegionName C = RegionName.of("c");
    private static final CertificateLayout CERTS = new CertificateLayout(Path.of("certs"));

    private static final FederationConfig FEDERATION = new FederationConfig("test", new TrustDomain("strait.test"), "mesh",
            CERTS.directory(), List.of(
                    region(A, List.of(B, C), 1,
                            service("orders", List.of(B, C), List.of(), 1),
                            service("ledger", List.of(B, C), List.of(C, B), 1),
                            service("internal", List.of(), List.of(), 1),
                            service("drained", List.of(B, C), List.of(), 0)),
                    region(B, List.of(A), 2,
                            service("orders", List.of(A, C), List.of(), 2),
                            service("ledger", List.of(A), List.of(), 1),
                            service("search", List.of(A, C), List.of(), 1),
                            service("billing", List.of(C), List.of(), 1),
                            service("drained", List.of(A, C), List.of(), 1)),
                    region(C, List.of(), 1,
                            service("orders", List.of(A, B), List.of(), 1),
                            service("ledger", List.of(A), List.of(), 1),
                            service("search", List.of(A, B), List.of(), 1),
                            service("billing", List.of(A, B), List.of(), 1))),
            Path.of("test.yaml"));

    private static final RoutingSnapshot FROM_A = federated(A, Set.of(), Set.of(), 7);
    private static final RoutingSnapshot FROM_B = federated(B, Set.of(), Set.of(), 8);

    /**
     * The snapshot of {@code home} once it imported what every other region exports to it, with
     * the imports from {@code staleRegions} marked stale.
     */
    private static RoutingSnapshot federated(RegionName home, Set<RegionName> staleRegions, Set<HostPort> unreachable, long version) {
        Map<RegionName, ImportedRegion> imports = new HashMap<>();
        for (RegionConfig peer : FEDERATION.regions()) {
            if (!peer.name().equals(home)) {
                ExportedCatalog export = ExportedCatalog.of(new RoutingSnapshotBuilder(FEDERATION).build(peer.name(), 1), home);
                imports.put(peer.name(), new ImportedRegion(peer.name(), 1, export.gateways(), export.healthyEndpoints(), 0,
                        staleRegions.contains(peer.name())));
            }
        }
        return new RoutingSnapshotBuilder(FEDERATION).build(home, LocalCatalog.fromConfig(FEDERATION, home), imports, unreachable, version);
    }

    static Stream<Arguments> failoverAwareCalls() {
        return Stream.of(
                arguments("local first, then the region's failover order", A, "orders.mesh", List.of("local a", "remote b", "remote c")),
                arguments("the service's own failover overrides the region's", A, "ledger.mesh", List.of("local a", "remote c", "remote b")),
                arguments("a region that does not export to the caller is skipped", A, "billing.mesh", List.of("remote c")),
                arguments("a service served only remotely follows the region's order", A, "search.mesh", List.of("remote b", "remote c")),
                arguments("a local service without endpoints is no candidate", A, "drained.mesh", List.of("remote b")),
                arguments("a service exported nowhere is still local", A, "internal.mesh", List.of("local a")),
                arguments("a region not in the order but exporting comes last", B, "orders.mesh", List.of("local b", "remote a", "remote c")),
                arguments("c does not export ledger to b", B, "ledger.mesh", List.of("local b", "remote a")),
                arguments("a port in the authority is ignored", A, "orders.mesh:8080", List.of("local a", "remote b", "remote c")),
                arguments("upper case is folded", A, "ORDERS.Mesh", List.of("local a", "remote b", "remote c")),
                arguments("a trailing dot is accepted", A, "orders.mesh.", List.of("local a", "remote b", "remote c")));
    }

    @ParameterizedTest(name = "{0}: {2} from {1}")
    @MethodSource("failoverAwareCalls")
    void ordersFailoverCandidates(String rule, RegionName caller, String authority, List<String> expected) {
        Resolution resolution = snapshotOf(caller).resolveForLocalCaller(authority);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Routed.class, routed -> {
            assertThat(routed.pinned()).isFalse();
            assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).as(rule).containsExactlyElementsOf(expected);
        });
    }

    static Stream<Arguments> pinnedCalls() {
        return Stream.of(
                arguments(A, "orders.b.mesh", "remote b"),
                arguments(A, "orders.a.mesh", "local a"),
                arguments(A, "Orders.B.Mesh:443", "remote b"),
                arguments(B, "billing.b.mesh", "local b"),
                arguments(A, "billing.c.mesh", "remote c"));
    }

    @ParameterizedTest(name = "{1} from {0} goes only to {2}")
    @MethodSource("pinnedCalls")
    void routesAPinnedCallOnlyToItsRegion(RegionName caller, String authority, String expected) {
        Resolution resolution = snapshotOf(caller).resolveForLocalCaller(authority);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Routed.class, routed -> {
            assertThat(routed.pinned()).isTrue();
            assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).containsExactly(expected);
        });
    }

    static Stream<Arguments> unknownToALocalCaller() {
        return Stream.of(
                arguments("pinned to a region that does not export to the caller", "billing.b.mesh"),
                arguments("pinned to a region that does not serve it", "internal.b.mesh"),
                arguments("pinned to a region that does not exist", "orders.zz.mesh"),
                arguments("served nowhere", "nowhere.mesh"),
                arguments("another suffix", "orders.example.com"),
                arguments("the suffix alone", "mesh"),
                arguments("too many labels", "orders.b.extra.mesh"),
                arguments("not a DNS label", "ord_ers.mesh"),
                arguments("an IPv6 literal", "[::1]:8080"),
                arguments("empty", ""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unknownToALocalCaller")
    void refusesWhatALocalCallerCannotReach(String rule, String authority) {
        assertThat(FROM_A.resolveForLocalCaller(authority)).as(rule)
                .isInstanceOfSatisfying(Resolution.UnknownService.class,
                        unknown -> assertThat(unknown.authority()).isEqualTo(authority));
    }

    @Test
    void explainsWhyANameIsNotAMeshName() {
        assertThat(FROM_A.resolveForLocalCaller("example.com")).isEqualTo(new Resolution.UnknownService("example.com",
                "not a mesh name (expected: <service>.mesh or <service>.<region>.mesh)"));
    }

    @Test
    void aRemoteCandidateNamesThePeerListenersOfItsRegion() {
        Resolution resolution = FROM_A.resolveForLocalCaller("orders.b.mesh");

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Routed.class, routed -> assertThat(routed.candidates())
                .containsExactly(new Candidate.RemoteRegion(B, List.of(new HostPort("127.0.0.2", 19_443), new HostPort("127.0.0.2", 20_443)), 2, false)));
    }

    @Test
    void aStaleRegionIsTriedOnlyAfterEveryFreshOne() {
        RoutingSnapshot snapshot = federated(A, Set.of(B), Set.of(), 9);

        assertThat(snapshot.resolveForLocalCaller("orders.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).containsExactly("local a", "remote c", "remote b"));
    }

    @Test
    void aRegionWhoseGatewaysAllMissProbesIsNoCandidateButStillPinnable() {
        RoutingSnapshot snapshot = federated(A, Set.of(), Set.of(new HostPort("127.0.0.2", 19_443), new HostPort("127.0.0.2", 20_443)), 9);

        assertThat(snapshot.resolveForLocalCaller("orders.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).containsExactly("local a", "remote c"));
        assertThat(snapshot.resolveForLocalCaller("orders.b.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).containsExactly(new Candidate.RemoteRegion(B, List.of(), 2, false)));
    }

    @Test
    void aRegionReportingNoHealthyEndpointIsNoCandidate() {
        Map<RegionName, ImportedRegion> imports = Map.of(B, new ImportedRegion(B, 3, List.of(new HostPort("127.0.0.2", 19_443)),
                Map.of(ServiceName.of("search"), 0, ServiceName.of("orders"), 1), 0, false));

        RoutingSnapshot snapshot = new RoutingSnapshotBuilder(FEDERATION).build(A, LocalCatalog.fromConfig(FEDERATION, A), imports, Set.of(), 1);

        assertThat(snapshot.resolveForLocalCaller("search.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).isEmpty());
        assertThat(snapshot.resolveForLocalCaller("orders.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).containsExactly("local a", "remote b"));
        assertThat(snapshot.resolveForLocalCaller("billing.mesh")).as("c's export was not imported")
                .isInstanceOf(Resolution.UnknownService.class);
    }

    @Test
    void anImportNeverShadowsALocalService() {
        Map<RegionName, ImportedRegion> imports = Map.of(B, new ImportedRegion(B, 3, List.of(new HostPort("127.0.0.2", 19_443)),
                Map.of(ServiceName.of("internal"), 5), 0, false));

        RoutingSnapshot snapshot = new RoutingSnapshotBuilder(FEDERATION).build(A, LocalCatalog.fromConfig(FEDERATION, A), imports, Set.of(), 1);

        assertThat(snapshot.resolveForLocalCaller("internal.mesh")).isInstanceOfSatisfying(Resolution.Routed.class, routed ->
                assertThat(routed.candidates()).map(RoutingSnapshotTest::describe).containsExactly("local a", "remote b"));
        assertThat(snapshot.resolveForPeer("internal.mesh", C)).as("still not exported to c").isInstanceOf(Resolution.NotExported.class);
    }

    @Test
    void aLocalCandidateCarriesTheServiceAndItsEndpoints() {
        Resolution resolution = FROM_A.resolveForLocalCaller("orders.mesh");

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Routed.class, routed -> assertThat(routed.candidates().getFirst())
                .isEqualTo(new Candidate.LocalEndpoints(A, ServiceName.of("orders"), Protocol.HTTP1, UpstreamTls.PLAINTEXT,
                        List.of(new EndpointConfig(EndpointId.of("orders-1"), new HostPort("10.0.0.1", 9001))))));
    }

    static Stream<Arguments> peerCalls() {
        return Stream.of(
                arguments("orders.mesh", B, "routed to local a"),
                arguments("orders.a.mesh", C, "routed to local a"),
                arguments("ORDERS.MESH:15443", C, "routed to local a"),
                arguments("ledger.mesh", C, "routed to local a"),
                arguments("internal.mesh", B, "not exported to b"),
                arguments("search.mesh", B, "unknown"),
                arguments("orders.b.mesh", C, "unknown"),
                arguments("orders.c.mesh", C, "unknown"),
                arguments("example.com", B, "unknown"));
    }

    @ParameterizedTest(name = "{0} carried by a gateway of {1}: {2}")
    @MethodSource("peerCalls")
    void servesPeerGatewaysOnlyFromLocalEndpoints(String authority, RegionName callerRegion, String expected) {
        Resolution resolution = FROM_A.resolveForPeer(authority, callerRegion);

        String described = switch (resolution) {
            case Resolution.Routed routed -> "routed to " + String.join(", ", routed.candidates().stream().map(RoutingSnapshotTest::describe).toList());
            case Resolution.NotExported notExported -> "not exported to " + notExported.callerRegion();
            case Resolution.UnknownService unknown -> "unknown";
        };
        assertThat(described).isEqualTo(expected);
    }

    @Test
    void aPeerCallIsPinnedAndNeverForwardedToAThirdRegion() {
        Resolution resolution = FROM_A.resolveForPeer("orders.mesh", B);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Routed.class, routed -> {
            assertThat(routed.pinned()).isTrue();
            assertThat(routed.candidates()).singleElement().isInstanceOf(Candidate.LocalEndpoints.class);
        });
    }

    @Test
    void recognisesOnlyGatewayNodesOfOtherRegions() {
        assertThat(FROM_A.isPeerGateway(B, NodeId.of("gw-1"))).isTrue();
        assertThat(FROM_A.isPeerGateway(B, NodeId.of("gw-2"))).isTrue();
        assertThat(FROM_A.isPeerGateway(C, NodeId.of("gw-1"))).isTrue();
        assertThat(FROM_A.isPeerGateway(C, NodeId.of("gw-2"))).as("c has one node").isFalse();
        assertThat(FROM_A.isPeerGateway(A, NodeId.of("gw-1"))).as("its own region is no peer").isFalse();
        assertThat(FROM_A.isPeerGateway(RegionName.of("zz"), NodeId.of("gw-1"))).as("not in the federation").isFalse();
    }

    @Test
    void carriesTheLinkFaultsToOtherRegionsAndChecksTheirExpiryOnUse() {
        long now = 1_700_000_000_000L;
        LinkFault cutB = LinkFault.partition("cut-b", B, now + 1_000);
        LinkFault slowB = new LinkFault("a-slow-b", B, false,
                java.util.Optional.of(new Fault.Delay(java.time.Duration.ofMillis(50), 100)), java.util.Optional.empty(), now + 5_000);
        LinkFault toItself = LinkFault.partition("self", A, now + 1_000);
        LinkFault toUnknown = LinkFault.partition("gone", RegionName.of("z"), now + 1_000);
        RoutingSnapshot snapshot = new RoutingSnapshotBuilder(FEDERATION).build(A, LocalCatalog.fromConfig(FEDERATION, A), Map.of(),
                List.of(), List.of(cutB, slowB, toItself, toUnknown), Set.of(), 1);

        assertThat(snapshot.activeLinkFaults(B, now)).containsExactly(slowB, cutB);
        assertThat(snapshot.partitionFrom(B, now)).hasValue(cutB);
        assertThat(snapshot.partitionedRegions(now)).containsExactly(B);
        // Expired by the wall clock, though still in the snapshot.
        assertThat(snapshot.partitionFrom(B, now + 1_000)).isEmpty();
        assertThat(snapshot.partitionedRegions(now + 1_000)).isEmpty();
        assertThat(snapshot.activeLinkFaults(B, now + 1_000)).containsExactly(slowB);
        assertThat(snapshot.activeLinkFaults(C, now)).isEmpty();
        assertThat(snapshot.linkFaults()).containsOnlyKeys(B);
        assertThat(FROM_A.activeLinkFaults(B, now)).isEmpty();
        assertThat(FROM_A.partitionFrom(B, now)).isEmpty();
    }

    @Test
    void carriesTheVersionRegionAndNames() {
        assertThat(FROM_A.version()).isEqualTo(7);
        assertThat(FROM_A.region()).isEqualTo(A);
        assertThat(FROM_A.trustDomain()).isEqualTo(new TrustDomain("strait.test"));
        assertThat(FROM_A.meshSuffix()).isEqualTo("mesh");
    }

    private static RoutingSnapshot snapshotOf(RegionName region) {
        return region.equals(A) ? FROM_A : FROM_B;
    }

    private static String describe(Candidate candidate) {
        return switch (candidate) {
            case Candidate.LocalEndpoints local -> "local " + local.region();
            case Candidate.RemoteRegion remote -> "remote " + remote.region();
        };
    }

    /** A region whose nodes {@code gw-1..gw-N} listen on 127.0.0.K, K being the region's letter's position. */
    private static RegionConfig region(RegionName name, List<RegionName> failover, int nodes, ServiceConfig... services) {
        String host = "127.0.0." + (name.value().charAt(0) - 'a' + 1);
        List<NodeConfig> nodeConfigs = Stream.iterate(1, i -> i <= nodes, i -> i + 1)
                .map(i -> new NodeConfig(NodeId.of("gw-" + i), host, "127.0.0.1",
                        new ListenerPorts(i * 1_000 + 18_001, i * 1_000 + 18_443, i * 1_000 + 18_900, i * 1_000 + 18_700, i * 1_000 + 18_800),
                        CERTS.node(name, NodeId.of("gw-" + i))))
                .toList();
        return new RegionConfig(name, failover, nodeConfigs, Arrays.asList(services));
    }

    private static ServiceConfig service(String name, List<RegionName> exportTo, List<RegionName> failover, int endpoints) {
        List<EndpointConfig> endpointConfigs = Stream.iterate(1, i -> i <= endpoints, i -> i + 1)
                .map(i -> new EndpointConfig(EndpointId.of(name + "-" + i), new HostPort("10.0.0." + i, 9000 + i)))
                .toList();
        return new ServiceConfig(ServiceName.of(name), Protocol.HTTP1, UpstreamTls.PLAINTEXT, exportTo, failover, endpointConfigs);
    }
}
