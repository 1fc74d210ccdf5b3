package dev.strait.it.federation;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static dev.strait.it.support.ThreeRegions.C;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A federation stream that dies, with the node holding it, misses nothing: the changes made on
 * both sides while it was down are all in the imports once the region's next leader holds the
 * streams, on every node. A whole region that restarts with an old import catches up the same way.
 */
class AKilledFederationStreamResyncsIT {
    private static final String FAST_RAFT = "    raft: { electionTimeoutMin: 300ms, electionTimeoutMax: 600ms }";
    /** Election (at most 600 ms) plus reconnect backoff (at most 2 s), with room for a slow machine. */
    private static final Duration RESYNC = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    static ThreeRegions federation;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .nodes(B, 3)
                .regionYaml(B, FAST_RAFT)
                .regionYaml(C, FAST_RAFT)
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
    void changesOnBothSidesWhileBsStreamsAreDownAllArriveOnceItsNextLeaderHoldsThem() throws Exception {
        GatewayNode holder = federation.awaitStreamHolder(B, RESYNC);
        NodeId killed = holder.config().id();
        int aAdmin = federation.node(A).adminPort();
        int aEcho = federation.echoPort(A, "orders");

        federation.stopNode(B, killed);
        // a changes what it exports to b while b's streams are down: orders goes 1 -> 3 -> 2 endpoints.
        RegionAdmin.register(aAdmin, "orders", "orders-2", aEcho);
        RegionAdmin.register(aAdmin, "orders", "orders-3", aEcho);
        RegionAdmin.deregister(aAdmin, "orders", "orders-2");
        // b changes what it exports to a once its survivors elected a leader: stock goes 1 -> 2.
        RegionAdmin.register(federation.node(B).adminPort(), "stock", "stock-2", federation.echoPort(B, "stock"));
        GatewayNode successor = federation.awaitStreamHolder(B, RESYNC);

        assertThat(successor.config().id()).isNotEqualTo(killed);
        for (GatewayNode node : federation.runningNodes(B)) {
            awaitImportMatchesExport(node, A, Map.of("orders", 2));
        }
        awaitImportMatchesExport(federation.node(A), B, Map.of("stock", 2));
        assertThat(RegionAdmin.peer(aAdmin, "b").orElseThrow().path("connected").asBoolean()).as("a's streams with b connected").isTrue();
    }

    @Test
    void aRegionRestartedWholeCatchesUpWithWhatChangedWhileItWasDown() throws Exception {
        NodeId only = NodeId.of("n1");
        int aAdmin = federation.node(A).adminPort();
        long versionBefore = importOf(federation.node(C).adminPort(), A).orElseThrow().path("version").asLong();

        federation.stopNode(C, only);
        RegionAdmin.register(aAdmin, "orders", "orders-while-c-is-down", federation.echoPort(A, "orders"));
        int exported = routableEndpoints(aAdmin, "orders");
        federation.restartNode(C, only);

        // c starts again from its Raft log, holding a's export as of before the stop, then resyncs.
        awaitImportMatchesExport(federation.node(C), A, Map.of("orders", exported));
        assertThat(importOf(federation.node(C).adminPort(), A).orElseThrow().path("version").asLong()).isGreaterThan(versionBefore);
        awaitImportMatchesExport(federation.node(A), C, Map.of());
    }

    /**
     * Waits until {@code node}'s region holds, fresh, exactly {@code services} from {@code origin},
     * at the version {@code origin}'s stream holder last sent it and saw acknowledged.
     */
    private static void awaitImportMatchesExport(GatewayNode node, RegionName origin, Map<String, Integer> services) {
        RegionName importer = node.region().name();
        String[] last = {"nothing yet"};
        try {
            Await.until("node " + importer + "/" + node.config().id() + " holds what " + origin + " exports to it: " + services,
                    RESYNC, () -> {
                        Optional<JsonNode> imported = importOf(node.adminPort(), origin);
                        Optional<JsonNode> export = federation.runningNodes(origin).stream()
                                .filter(n -> RegionAdmin.holdsStreams(n.adminPort()))
                                .findFirst()
                                .flatMap(holder -> RegionAdmin.peer(holder.adminPort(), importer.value()));
                        last[0] = "import " + imported.map(JsonNode::toString).orElse("none")
                                + ", export " + export.map(JsonNode::toString).orElse("none");
                        return imported.isPresent() && export.isPresent()
                                && !imported.get().path("stale").asBoolean()
                                && RegionAdmin.services(imported.get()).equals(services)
                                && imported.get().path("version").asLong() == export.get().path("exportedVersion").asLong()
                                && export.get().path("lagVersions").asLong() == 0;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (last seen: " + last[0] + ")", e);
        }
    }

    private static Optional<JsonNode> importOf(int adminPort, RegionName origin) {
        return RegionAdmin.imported(adminPort, origin.value());
    }

    /** The routable endpoints of {@code service} in the node's own region, which is what the region exports for it. */
    private static int routableEndpoints(int adminPort, String service) throws IOException {
        int routable = 0;
        for (JsonNode endpoint : Admin.json(adminPort, "/v1/catalog").path("services").path(service).path("endpoints")) {
            if (endpoint.path("routable").asBoolean()) {
                routable++;
            }
        }
        return routable;
    }
}
