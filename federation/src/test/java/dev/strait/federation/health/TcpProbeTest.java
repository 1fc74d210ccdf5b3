package dev.strait.federation.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.EndpointSource;
import dev.strait.federation.catalog.Health;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
    private static final HealthCheck.Tcp CHECK = new HealthCheck.Tcp(Duration.ofSeconds(1), Duration.ofMillis(500), 1, 1);
    private static final ServiceConfig LEDGER = new ServiceConfig(ServiceName.of("ledger"), Protocol.GRPC, UpstreamTls.PLAINTEXT,
            List.of(), List.of(), List.of(), CHECK);

    @Test
    void aListeningPortPasses() throws IOException {
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(new TcpProbe().check(LEDGER, endpoint(socket.getLocalPort()), CHECK)).isTrue();
        }
    }

    @Test
    void aClosedPortFailsWithinTheTimeout() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();

        boolean passed = new TcpProbe().check(LEDGER, endpoint(port), CHECK);

        assertThat(passed).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CHECK.timeout().plusMillis(200));
    }

    private static CatalogEndpoint endpoint(int port) {
        return new CatalogEndpoint(EndpointId.of("ledger-1"), new HostPort("127.0.0.1", port), EndpointSource.RUNTIME,
                Health.UNKNOWN, false, false);
    }
}
