package dev.strait.it.federation;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static dev.strait.it.support.ThreeRegions.C;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.RegionName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region a's federation streams are held by its Raft leader. When that node stops, the node
 * elected next takes the streams over within seconds: the other regions see a connected and fresh
 * again, with a new export from the new leader, and changes flow both ways through it.
 */
class TheFederationLeaderMovesWithRaftLeadershipIT {
    private static final String FAST_RAFT = "    raft: { electionTimeoutMin: 300ms, electionTimeoutMax: 600ms }";
    /** An election takes at most 600 ms here; the rest is room for a slow machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(5);
    /** Peers reconnect with a backoff of at most 2 s. */
    private static final Duration RECONNECT = Duration.ofSeconds(10);
    private static final Duration PROPAGATION = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    static ThreeRegions federation;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .nodes(A, 3)
                .regionYaml(A, FAST_RAFT)
                .service(A, "orders")
                .service(B, "stock")
                .start();
    }

    @AfterAll
    static void stop() {
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    void aNewLeaderTakesOverTheStreamsAndChangesFlowBothWaysThroughIt() throws Exception {
        GatewayNode leader = federation.awaitStreamHolder(A, TAKEOVER);
        long bImportedBefore = importedVersionOfA(B);
        long cImportedBefore = importedVersionOfA(C);
        assertThat(federation.runningNodes(A).stream().filter(n -> RegionAdmin.holdsStreams(n.adminPort())))
                .as("nodes of a holding its streams").containsExactly(leader);

        federation.stopNode(A, leader.config().id());
        GatewayNode successor = federation.awaitStreamHolder(A, TAKEOVER);

        assertThat(successor.config().id()).isNotEqualTo(leader.config().id());
        assertThat(federation.runningNodes(A).stream().filter(n -> RegionAdmin.holdsStreams(n.adminPort())))
                .as("nodes of a holding its streams").containsExactly(successor);
        for (RegionName peer : new RegionName[] {B, C}) {
            long before = peer.equals(B) ? bImportedBefore : cImportedBefore;
            // b and c have one node each, which holds their streams.
            int admin = federation.node(peer).adminPort();
            Await.until(peer + " is connected to a's new leader and holds a fresh import from it", RECONNECT,
                    () -> RegionAdmin.peer(admin, "a")
                            .map(a -> a.path("connected").asBoolean() && !a.path("stale").asBoolean()
                                    && a.path("importedVersion").asLong() > before)
                            .orElse(false));
        }

        RegionAdmin.register(federation.node(B).adminPort(), "stock", "stock-2", federation.echoPort(B, "stock"));
        for (GatewayNode node : federation.runningNodes(A)) {
            Await.until("node " + node.config().id() + " of a routes stock to b's 2 endpoints", PROPAGATION,
                    () -> RegionAdmin.candidate(node.adminPort(), "stock", "b")
                            .map(b -> b.path("healthyEndpoints").asInt() == 2)
                            .orElse(false));
        }
        assertThat(RegionAdmin.imported(successor.adminPort(), "b").map(RegionAdmin::services)).hasValue(Map.of("stock", 2));

        RegionAdmin.register(federation.node(A).adminPort(), "orders", "orders-2", federation.echoPort(A, "orders"));
        for (RegionName peer : new RegionName[] {B, C}) {
            int admin = federation.node(peer).adminPort();
            Await.until(peer + " routes orders to a's 2 endpoints", PROPAGATION,
                    () -> RegionAdmin.candidate(admin, "orders", "a").map(a -> a.path("healthyEndpoints").asInt() == 2).orElse(false));
        }
    }

    private static long importedVersionOfA(RegionName peer) {
        return RegionAdmin.peer(federation.node(peer).adminPort(), "a").orElseThrow().path("importedVersion").asLong();
    }
}
