package dev.strait.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
        await("east reaches payments in west", () -> get(eastLocal, "payments.mesh").status() == 200);
        await("west reaches web in east", () -> get(westLocal, "web.mesh").status() == 200);
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
        await("east has no route to payments", () -> get(eastLocal, "payments.mesh").status() == 503);
        Reply fromEast = get(eastLocal, "payments.mesh");
        assertThat(fromEast.header("x-strait-error")).isEqualTo("no_healthy_upstream");
        assertThat(node(WEST).peerCallsReceived()).as("nothing crossed the cut link").isEqualTo(westPeerCalls);

        // West's gateway cannot get through to east's peer listener either.
        Reply fromWest = get(westLocal, "web.mesh");
        assertThat(fromWest.status()).isBetween(502, 503);
        assertThat(fromWest.header("x-strait-error")).isIn("upstream_unavailable", "no_healthy_upstream");

        await("each region's import of the other goes stale",
                () -> node(EAST).store().current().imported(WEST).orElseThrow().stale()
                        && node(WEST).store().current().imported(EAST).orElseThrow().stale());
        Reply listed = request(eastAdmin, "GET", "/v1/faults", "127.0.0.1", null);
        assertThat(listed.body()).contains("\"id\":\"cut-west\"", "\"region\":\"west\"", "\"partition\":true");

        assertThat(request(eastAdmin, "DELETE", "/v1/faults/cut-west", "127.0.0.1", null).status()).isEqualTo(200);

        await("east reaches payments again", () -> get(eastLocal, "payments.mesh").status() == 200);
        await("west reaches web again", () -> get(westLocal, "web.mesh").status() == 200);
        await("both imports are fresh again", () -> federation.nodes().stream().allMatch(GatewayNode::federated));
    }

    @Test
    void anAbortAnswersEastsCallsToWestWithTheFault() throws Exception {
        Reply put = request(eastAdmin, "PUT", "/v1/faults/drop-west", "127.0.0.1",
                "{\"region\": \"west\", \"abort\": {\"status\": 503, \"percent\": 100}, \"ttl\": \"60s\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        await("east's calls to west are aborted", () -> get(eastLocal, "payments.mesh").status() == 503);
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

    private static Reply get(int port, String authority) {
        try {
            return request(port, "GET", "/", authority, null);
        } catch (IOException e) {
            return new Reply(-1, "", e.toString());
        }
    }

    /** One HTTP/1.1 request on its own connection; the answer's status, headers and body. */
    private static Reply request(int port, String method, String path, String authority, String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            return new Reply(Integer.parseInt(head.split(" ", 3)[1]), head, end < 0 ? "" : text.substring(end + 4));
        }
    }

    private record Reply(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
