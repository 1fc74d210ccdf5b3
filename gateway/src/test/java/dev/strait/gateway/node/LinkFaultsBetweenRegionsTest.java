package dev.strait.gateway.node;

import static dev.strait.gateway.node.LoopbackCalls.await;
import static dev.strait.gateway.node.LoopbackCalls.freePorts;
import static dev.strait.gateway.node.LoopbackCalls.get;
import static dev.strait.gateway.node.LoopbackCalls.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.node.LoopbackCalls.Reply;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the link between two running regions (one node each, real mTLS, real Raft), set and
 * removed through the admin API of one of them: what calls in each direction get, and that
 * routing and federation come back once the fault is gone.
 */
class LinkFaultsBetweenRegionsTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final NodeId NODE = NodeId.of("gw-1");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private LocalFederation federation;
    private int eastLocal;
    private int westLocal;
    private int eastAdmin;

    @BeforeEach
    void start() throws Exception {
        List<Integer> ports = freePorts(12);
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, """
                federation: link-faults
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  east:
                    failover: [west]
                    federation: { heartbeatInterval: 100ms, staleAfter: 1s, probeInterval: 50ms, probeTimeout: 40ms }
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                    services:
                      web:
                        protocol: http1
                        exportTo: [west]
                        authorization:
                          - { action: allow, from: [anonymous, "*"] }
                        endpoints:
                          - { id: web-1, address: "127.0.0.1:%d" }
                  west:
                    failover: [east]
                    federation: { heartbeatInterval: 100ms, staleAfter: 1s, probeInterval: 50ms, probeTimeout: 40ms }
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                    services:
                      payments:
                        protocol: http1
                        exportTo: [east]
                        authorization:
                          - { action: allow, from: [anonymous, "*"] }
                        endpoints:
                          - { id: payments-1, address: "127.0.0.1:%d" }
                """.formatted(ports.toArray()));
        Path certificates = directory.resolve("certs");
        FederationConfigLoader loader = new FederationConfigLoader();
        new FederationCertificates(Clock.systemUTC()).issue(
                loader.load(file, LoadOptions.withoutFileChecks().withCertificateDirectory(certificates)), certificates);
        FederationConfig config = loader.load(file, LoadOptions.defaults().withCertificateDirectory(certificates));
        federation = LocalFederation.start(config, directory.resolve("data"));
        eastLocal = ports.get(0);
        eastAdmin = ports.get(2);
        westLocal = ports.get(6);
        assertThat(federation.awaitFederated(DEADLINE)).as("both regions federated").isTrue();
        await("east reaches payments in west", DEADLINE, () -> get(eastLocal, "payments.mesh").status() == 200);
        await("west reaches web in east", DEADLINE, () -> get(westLocal, "web.mesh").status() == 200);
    }

    @AfterEach
    void stop() {
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    void aPartitionCutsCallsAndFederationBothWaysUntilItIsRemoved() throws Exception {
        Reply put = request(eastAdmin, "PUT", "/v1/faults/cut-west", "127.0.0.1",
                "{\"region\": \"west\", \"partition\": true, \"ttl\": \"60s\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        long westPeerCalls = node(WEST).peerCallsReceived();

        // East's probes of west fail, so west leaves east's routing: nowhere healthy to go.
        await("east has no route to payments", DEADLINE, () -> get(eastLocal, "payments.mesh").status() == 503);
        Reply fromEast = get(eastLocal, "payments.mesh");
        assertThat(fromEast.header("x-strait-error")).isEqualTo("no_healthy_upstream");
        assertThat(node(WEST).peerCallsReceived()).as("nothing crossed the cut link").isEqualTo(westPeerCalls);

        // West's gateway cannot get through to east's peer listener either.
        Reply fromWest = get(westLocal, "web.mesh");
        assertThat(fromWest.status()).isBetween(502, 503);
        assertThat(fromWest.header("x-strait-error")).isIn("upstream_unavailable", "no_healthy_upstream");

        await("each region's import of the other goes stale", DEADLINE,
                () -> node(EAST).store().current().imported(WEST).orElseThrow().stale()
                        && node(WEST).store().current().imported(EAST).orElseThrow().stale());
        Reply listed = request(eastAdmin, "GET", "/v1/faults", "127.0.0.1", null);
        assertThat(listed.body()).contains("\"id\":\"cut-west\"", "\"region\":\"west\"", "\"partition\":true");

        assertThat(request(eastAdmin, "DELETE", "/v1/faults/cut-west", "127.0.0.1", null).status()).isEqualTo(200);

        await("east reaches payments again", DEADLINE, () -> get(eastLocal, "payments.mesh").status() == 200);
        await("west reaches web again", DEADLINE, () -> get(westLocal, "web.mesh").status() == 200);
        await("both imports are fresh again", DEADLINE, () -> federation.nodes().stream().allMatch(GatewayNode::federated));
    }

    @Test
    void anAbortAnswersEastsCallsToWestWithTheFault() throws Exception {
        Reply put = request(eastAdmin, "PUT", "/v1/faults/drop-west", "127.0.0.1",
                "{\"region\": \"west\", \"abort\": {\"status\": 503, \"percent\": 100}, \"ttl\": \"60s\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        await("east's calls to west are aborted", DEADLINE, () -> get(eastLocal, "payments.mesh").status() == 503);
        Reply aborted = get(eastLocal, "payments.mesh");

        assertThat(aborted.header("x-strait-fault")).isEqualTo("drop-west");
        assertThat(aborted.header("x-strait-region")).isEqualTo("east");
        assertThat(aborted.header("x-strait-error")).isNull();
        assertThat(get(westLocal, "web.mesh").status()).as("the other direction is untouched").isEqualTo(200);
    }

    @Test
    void aFaultOnTheRegionItselfOrOnAnUnknownRegionIsRefused() throws Exception {
        Reply self = request(eastAdmin, "PUT", "/v1/faults/cut", "127.0.0.1", "{\"region\": \"east\", \"partition\": true, \"ttl\": \"60s\"}");
        Reply unknown = request(eastAdmin, "PUT", "/v1/faults/cut", "127.0.0.1", "{\"region\": \"south\", \"partition\": true, \"ttl\": \"60s\"}");

        assertThat(self.status()).isEqualTo(400);
        assertThat(self.body()).contains("cannot partition, delay or abort its link to itself", "west");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("region 'south', which is not in the federation", "west");
    }

    // --- fixtures

    private GatewayNode node(RegionName region) {
        return federation.node(region, NODE).orElseThrow();
    }
}
