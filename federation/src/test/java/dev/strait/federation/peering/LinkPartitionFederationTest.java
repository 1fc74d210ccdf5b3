package dev.strait.federation.peering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.catalog.RegionTransitions;
import dev.strait.federation.catalog.Transition;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.snapshot.LocalCatalog;
import dev.strait.federation.snapshot.RoutingSnapshotBuilder;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
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
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federation between two regions, east and west, each one leading node with real mTLS streams on
 * loopback, when east's faults cut its link to west: neither streams to the other, both imports
 * go stale, and everything comes back once the cut is removed or expires.
 */
class LinkPartitionFederationTest {
    private static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final PeeringSettings SETTINGS = new PeeringSettings(Duration.ofMillis(100), Duration.ofMillis(600),
            Duration.ofMillis(50), Duration.ofMillis(200));
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final TestAuthority root = TestAuthority.root("federation root");
    private final List<AutoCloseable> running = new ArrayList<>();
    private FederationConfig config;
    private Side east;
    private Side west;

    @BeforeEach
    void start() throws Exception {
        config = federation(freePort(), freePort());
        east = start(EAST);
        west = start(WEST);
        await("both regions hold a fresh import of the other", () -> fresh(east, WEST) && fresh(west, EAST));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable part : running.reversed()) {
            part.close();
        }
    }

    @Test
    void aCutLinkStopsFederationBothWaysUntilTheFaultIsRemoved() {
        east.publish(List.of(LinkFault.partition("cut", WEST, System.currentTimeMillis() + 60_000)));

        await("east stops exporting to west", () -> east.peering.status().exports().stream().noneMatch(e -> e.peer().equals(WEST)));
        await("each region's import of the other goes stale", () -> stale(east, WEST) && stale(west, EAST));
        assertThat(east.peering.status().imports()).as("west's streams are refused")
                .allSatisfy(in -> assertThat(in.connected()).isFalse());

        east.publish(List.of());

        await("both imports are fresh again", () -> fresh(east, WEST) && fresh(west, EAST));
        await("east exports to west again", () -> east.peering.status().exports().stream()
                .anyMatch(e -> e.peer().equals(WEST) && e.connected()));
    }

    @Test
    void aCutThatExpiresHealsWithoutAnotherWrite() {
        east.publish(List.of(LinkFault.partition("cut", WEST, System.currentTimeMillis() + 3_000)));

        await("east stops exporting to west", () -> east.peering.status().exports().stream().noneMatch(e -> e.peer().equals(WEST)));
        await("east exports to west again once the fault expired", () -> east.peering.status().exports().stream()
                .anyMatch(e -> e.peer().equals(WEST) && e.connected()));
        await("both imports are fresh", () -> fresh(east, WEST) && fresh(west, EAST));
    }

    // --- fixtures

    private Side start(RegionName name) throws Exception {
        TestAuthority.Identity identity = root.issue(new SpiffeId.Node(TRUST_DOMAIN, name, NodeId.of("n1")));
        PeeringTls tls = new PeeringTls(identity.key(), identity.chain(), List.of(root.certificate()));
        InMemoryRegion region = new InMemoryRegion(name);
        SnapshotPublisher snapshots = new SnapshotPublisher(new RoutingSnapshotBuilder(config).build(name,
                LocalCatalog.fromConfig(config, name), Map.of(), List.of(), List.of(), Set.of(), 1));
        HostPort bind = config.region(name).orElseThrow().nodes().getFirst().federationAddress();
        Peering peering = new Peering(region, snapshots, tls, bind, SETTINGS);
        peering.start();
        running.add(peering);
        return new Side(name, region, snapshots, peering);
    }

    private static boolean fresh(Side side, RegionName origin) {
        return side.region.current().imported(origin).filter(i -> !i.stale()).isPresent();
    }

    private static boolean stale(Side side, RegionName origin) {
        return side.region.current().imported(origin).map(ImportedRegion::stale).orElse(false);
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Two regions of one loopback node each, each exporting one service to the other. */
    private static FederationConfig federation(int eastFederationPort, int westFederationPort) {
        CertificateLayout certs = new CertificateLayout(Path.of("certs"));
        return new FederationConfig("test", TRUST_DOMAIN, "mesh", certs.directory(), List.of(
                region(certs, EAST, WEST, eastFederationPort, "orders"),
                region(certs, WEST, EAST, westFederationPort, "ledger")), certs.directory().resolve("federation.yaml"));
    }

    private static RegionConfig region(CertificateLayout certs, RegionName name, RegionName other, int federationPort, String service) {
        // Only the federation port is listened on here; the others just need to differ.
        int base = federationPort % 10_000 + 30_000;
        NodeConfig node = new NodeConfig(NodeId.of("n1"), "127.0.0.1", "127.0.0.1",
                new ListenerPorts(base, base + 1, base + 2, base + 3, federationPort), certs.node(name, NodeId.of("n1")));
        ServiceConfig exported = new ServiceConfig(ServiceName.of(service), Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(other),
                List.of(), List.of(new EndpointConfig(EndpointId.of(service + "-1"), new HostPort("127.0.0.1", 9001))));
        return new RegionConfig(name, List.of(other), List.of(node), List.of(exported));
    }

    /** One region's leading node: its state, its routing snapshots and its federation. */
    private final class Side {
        final RegionName name;
        final InMemoryRegion region;
        final SnapshotPublisher snapshots;
        final Peering peering;
        long version = 1;

        Side(RegionName name, InMemoryRegion region, SnapshotPublisher snapshots, Peering peering) {
            this.name = name;
            this.region = region;
            this.snapshots = snapshots;
            this.peering = peering;
        }

        /** Publishes a snapshot in which the region holds {@code linkFaults}, as the assembler would after they were written. */
        void publish(List<LinkFault> linkFaults) {
            snapshots.publish(new RoutingSnapshotBuilder(config).build(name, LocalCatalog.fromConfig(config, name), Map.of(),
                    List.of(), linkFaults, Set.of(), ++version));
        }
    }

    /** A region of one node that always leads it, applying writes with the region's transitions. */
    private static final class InMemoryRegion implements PeeringRegion {
        private final RegionName name;
        private final AtomicReference<RegionState> state = new AtomicReference<>(RegionState.EMPTY);

        InMemoryRegion(RegionName name) {
            this.name = name;
        }

        @Override
        public RegionName name() {
            return name;
        }

        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public RegionState current() {
            return state.get();
        }

        @Override
        public synchronized void write(RegionCommand command) throws CommandRejectedException {
            RegionState before = state.get();
            switch (RegionTransitions.decide(before, command, name)) {
                case Transition.Changed changed -> state.set(changed.state().at(1, before.appliedIndex() + 1));
                case Transition.Refused refused -> throw new CommandRejectedException(refused.reason());
            }
        }
    }
}
