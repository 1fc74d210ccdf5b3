package dev.strait.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A fault put through one node's admin API is applied by every node of the region, to the share
 * of matching calls its percent says and to no other call; it stops when it is removed or expires.
 * Region {@code west}: three nodes, one Raft group, service {@code orders} with one echo endpoint.
 */
class InjectedFaultsApplyToTheMatchingShareIT {
    private static final RegionName WEST = RegionName.of("west");
    private static final String AUTHORITY = "orders.mesh";
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final Duration APPLIED_DEADLINE = Duration.ofSeconds(5);

    @TempDir
    static Path directory;

    static EchoServer echo;
    static Http http;
    static final Map<String, GatewayNode> nodes = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), WEST, EndpointId.of("orders-1")));
        http = new Http();
        Path certificates = directory.resolve("certs");
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, yaml(certificates, echo.port()));
        new FederationCertificates(Clock.systemUTC()).issue(new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks()),
                certificates);
        FederationConfig config = new FederationConfigLoader().load(file, LoadOptions.defaults());
        for (String node : NODES) {
            Path data = Files.createDirectories(directory.resolve("data").resolve(node));
            nodes.put(node, GatewayNode.start(config, WEST, NodeId.of(node), data));
        }
        for (String node : NODES) {
            Await.until("node west/" + node + " answers /readyz with 200", Duration.ofSeconds(15),
                    () -> Admin.status(admin(node), "/readyz") == 200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (GatewayNode node : nodes.values()) {
            node.close();
        }
        if (http != null) {
            http.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void anAbortOf30PercentAbortsThatShareOfMatchingCallsOnEveryNodeAndNoOtherCall() throws Exception {
        HttpResponse<String> put = putFault("n2", "api-abort",
                "{\"service\":\"orders\",\"path\":\"/api\",\"method\":\"GET\",\"abort\":{\"status\":503,\"percent\":30},\"ttl\":\"10m\"}");
        assertThat(put.statusCode()).as("PUT: %s", put.body()).isEqualTo(200);
        awaitListedEverywhere("api-abort");

        int calls = 402;
        Map<String, Integer> abortedByNode = new LinkedHashMap<>();
        int aborted = 0;
        for (int i = 0; i < calls; i++) {
            String node = NODES.get(i % NODES.size());
            HttpResponse<String> response = call(node, "/api/orders/" + i);
            if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("x-strait-fault")).hasValue("api-abort");
                assertThat(response.headers().firstValue("x-strait-error")).isEmpty();
                assertThat(response.headers().firstValue("x-echo-endpoint")).as("an abort never reaches the endpoint").isEmpty();
                assertThat(Http.json(response).get("error").asString()).isEqualTo("fault_injected");
                assertThat(Http.json(response).get("fault").asString()).isEqualTo("api-abort");
                abortedByNode.merge(node, 1, Integer::sum);
                aborted++;
            } else {
                assertThat(response.statusCode()).as("a call the fault let through: %s", response.body()).isEqualTo(200);
            }
        }
        // Binomial(402, 0.3): mean 120.6, sd 9.19; the 99.9% interval is mean ± 3.29 sd.
        assertThat(aborted).as("aborted calls of %d", calls).isBetween(91, 151);
        assertThat(abortedByNode).as("every node applies the fault").containsOnlyKeys(NODES);

        for (int i = 0; i < 150; i++) {
            String node = NODES.get(i % NODES.size());
            assertThat(call(node, "/other/" + i).statusCode()).as("a path the fault does not match").isEqualTo(200);
        }
    }

    @Test
    void aDelayOfEveryCallDelaysEachMatchingCallOnEveryNode() throws Exception {
        HttpResponse<String> put = putFault("n1", "slow",
                "{\"service\":\"orders\",\"path\":\"/slow\",\"delay\":{\"ms\":200,\"percent\":100},\"ttl\":\"10m\"}");
        assertThat(put.statusCode()).as("PUT: %s", put.body()).isEqualTo(200);
        awaitListedEverywhere("slow");

        for (String node : NODES) {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = call(node, "/slow/" + i);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(took).as("a delayed call on %s", node).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            }
        }
    }

    @Test
    void aRemovedFaultStopsApplyingOnEveryNode() throws Exception {
        assertThat(putFault("n3", "gone", "{\"service\":\"orders\",\"path\":\"/gone\",\"abort\":{\"status\":500,\"percent\":100},"
                + "\"ttl\":\"10m\"}").statusCode()).isEqualTo(200);
        for (String node : NODES) {
            Await.until("node " + node + " aborts /gone", APPLIED_DEADLINE, () -> status(node, "/gone") == 500);
        }

        HttpResponse<String> delete = Admin.send(admin("n1"), "DELETE", "/v1/faults/gone", null);

        assertThat(delete.statusCode()).as("DELETE: %s", delete.body()).isEqualTo(200);
        for (String node : NODES) {
            Await.until("node " + node + " serves /gone again", APPLIED_DEADLINE, () -> status(node, "/gone") == 200);
        }
        assertThat(Admin.send(admin("n2"), "DELETE", "/v1/faults/gone", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredFaultStopsApplyingOnEveryNode() throws Exception {
        assertThat(putFault("n1", "brief", "{\"service\":\"orders\",\"path\":\"/brief\",\"abort\":{\"status\":502,\"percent\":100},"
                + "\"ttl\":\"1s\"}").statusCode()).isEqualTo(200);
        Await.until("node n1 aborts /brief", Duration.ofSeconds(1), () -> status("n1", "/brief") == 502);

        for (String node : NODES) {
            Await.until("node " + node + " serves /brief after the fault expired", APPLIED_DEADLINE, () -> status(node, "/brief") == 200);
            assertThat(faultIds(node)).doesNotContain("brief");
        }
    }

    @Test
    void aFaultOnAServiceTheRegionDoesNotDeclareIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> put = putFault("n1", "nowhere",
                "{\"service\":\"billing\",\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"60s\"}");

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("service 'billing' is not declared in region 'west'");
        assertThat(putFault("n1", "too-long", "{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"25h\"}")
                .body()).contains("at most 24 h");
    }

    private static HttpResponse<String> putFault(String node, String id, String body) throws IOException {
        return Admin.send(admin(node), "PUT", "/v1/faults/" + id, body);
    }

    private static void awaitListedEverywhere(String id) {
        for (String node : NODES) {
            Await.until("node " + node + " lists fault " + id, APPLIED_DEADLINE, () -> faultIds(node).contains(id));
        }
    }

    private static List<String> faultIds(String node) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode fault : Admin.json(admin(node), "/v1/faults").path("faults")) {
                ids.add(fault.path("id").asString());
            }
        } catch (IOException | RuntimeException e) {
            // Not answering counts as not listing it.
        }
        return ids;
    }

    private static HttpResponse<String> call(String node, String path) throws IOException, InterruptedException {
        return http.get(url(node), AUTHORITY, path);
    }

    private static int status(String node, String path) {
        try {
            return call(node, path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String url(String node) {
        return "http://127.0.0.1:" + nodes.get(node).localPort();
    }

    private static int admin(String node) {
        return nodes.get(node).adminPort();
    }

    private static String yaml(Path certificates, int echoPort) {
        Iterator<Integer> free = FreePorts.take(5 * NODES.size()).iterator();
        StringBuilder yaml = new StringBuilder()
                .append("federation: it\n")
                .append("trustDomain: strait.test\n")
                .append("meshSuffix: mesh\n")
                .append("certificates: \"").append(certificates).append("\"\n")
                .append("regions:\n")
                .append("  west:\n")
                .append("    nodes:\n");
        for (String node : NODES) {
            yaml.append("      ").append(node).append(":\n")
                    .append("        host: 127.0.0.1\n")
                    .append("        adminHost: 127.0.0.1\n")
                    .append("        ports: { local: ").append(free.next()).append(", peer: ").append(free.next())
                    .append(", admin: ").append(free.next()).append(", raft: ").append(free.next())
                    .append(", federation: ").append(free.next()).append(" }\n");
        }
        return yaml
                .append("    services:\n")
                .append("      orders: { protocol: http1, upstreamTls: plaintext")
                .append(", authorization: [ { action: allow, from: [anonymous, \"*\"] } ]")
                .append(", endpoints: [ { id: orders-1, address: \"127.0.0.1:").append(echoPort).append("\" } ] }\n")
                .append("    raft: { electionTimeoutMin: 300ms, electionTimeoutMax: 600ms, writeTimeout: 2s }\n")
                .toString();
    }
}
