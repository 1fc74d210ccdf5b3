package dev.strait.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.admin.AdminApi;
import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local listener on more than one address, speaking the same on each, and held closed
 * until it is opened: real sockets on loopback.
 */
class LocalListenerAddressesTest {
    private static final HostPort ANY_PORT = new HostPort("127.0.0.1", 0);

    private GatewayServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAddressOfTheLocalListenerTakesCalls() throws Exception {
        List<Integer> ports = freePorts(2);
        server = server(ports);

        server.start();

        assertThat(server.localPorts()).containsExactlyElementsOf(ports);
        assertThat(server.localPort()).isEqualTo(ports.getFirst());
        for (int port : ports) {
            // An empty pipeline completes every call it is handed, on each port alike.
            assertThat(statusLine(port)).as("port " + port).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aHeldLocalListenerRefusesConnectionsUntilItOpens() throws Exception {
        List<Integer> ports = freePorts(2);
        server = server(ports);

        server.startHoldingLocal();

        assertThat(server.localOpen()).isFalse();
        assertThat(ports).allSatisfy(port -> assertThat(connects(port)).as("port " + port + " while held").isFalse());
        server.openLocal();
        assertThat(server.localOpen()).isTrue();
        assertThat(ports).allSatisfy(port -> assertThat(statusLine(port)).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aListenerHeldWhenTheServerStopsTakingCallsNeverOpens() throws Exception {
        List<Integer> ports = freePorts(1);
        server = server(ports);
        server.startHoldingLocal();

        server.stopTakingCalls();
        server.openLocal();

        assertThat(server.localOpen()).isFalse();
        assertThat(connects(ports.getFirst())).isFalse();
    }

    private static GatewayServer server(List<Integer> localPorts) {
        TestPki pki = TestPki.create();
        RoutingSnapshot empty = new RoutingSnapshot(1, RegionName.of("east"), TestPki.TRUST_DOMAIN, "mesh", Map.of(), Map.of(),
                Map.of(), Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of());
        List<HostPort> addresses = localPorts.stream().map(port -> new HostPort("127.0.0.1", port)).toList();
        GatewayServer.Settings settings = GatewayServer.Settings.of(addresses.getFirst(), ANY_PORT, ANY_PORT)
                .withAdditionalLocal(addresses.subList(1, addresses.size()));
        AdminApi noAdmin = request -> {
            throw new UnsupportedOperationException("no admin calls in this test");
        };
        return new GatewayServer("test", settings, new SnapshotPublisher(empty), new Pipeline(List.of()),
                SslContexts.server(pki.node("east", "gw-1").tlsMaterial(), ClientAuth.NEED), noAdmin);
    }

    private static boolean connects(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String statusLine(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: web.mesh\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().findFirst().orElse("");
        } catch (IOException e) {
            return e.toString();
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
