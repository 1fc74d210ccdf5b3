package dev.strait.federation.health;

import static dev.strait.federation.health.HealthCheckerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.Health;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.TestConfigs;
import dev.strait.federation.raft.RaftSettings;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker on a real one-node Ratis group, with the TCP probe against real sockets. */
class HealthCheckerOnRaftTest {
    private static final ServiceName LEDGER = ServiceName.of("ledger");
    private static final String LEDGER_WITH_TCP_CHECK = """
                  ledger:
                    protocol: grpc
                    healthCheck:
                      tcp: true
                      interval: 100ms
                      timeout: 50ms
                      healthyThreshold: 1
                      unhealthyThreshold: 2
            """;

    @TempDir
    Path data;

    @Test
    void transitionsOfRealEndpointsReachTheReplicatedCatalog() throws Exception {
        int raftPort = freePort();
        NodeId self = NodeId.of("n1");
        var settings = new RaftSettings(TestConfigs.EU_WEST, self, List.of(new RaftSettings.Member(self, new HostPort("127.0.0.1", raftPort))),
                data, Duration.ofMillis(300), Duration.ofMillis(600), RaftSettings.DEFAULT_SNAPSHOT_THRESHOLD,
                RaftSettings.DEFAULT_MIN_FREE_DISK_BYTES, Duration.ofSeconds(3), RaftSettings.DEFAULT_LOG_SEGMENT_BYTES);
        try (RegionStateStore store = RegionStateStore.start(settings);
                ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckedRegion region = CheckedRegion.of(store);
            await("leadership", region::isLeader);
            store.write(new RegionCommand.ApplyConfig(TestConfigs.federation(List.of(raftPort), LEDGER_WITH_TCP_CHECK), 0));
            HostPort up = new HostPort("127.0.0.1", listening.getLocalPort());
            HostPort closed = new HostPort("127.0.0.1", freePort());
            store.write(new RegionCommand.RegisterEndpoint(LEDGER, EndpointId.of("ledger-1"), up));
            store.write(new RegionCommand.RegisterEndpoint(LEDGER, EndpointId.of("ledger-2"), closed));

            try (var checker = new HealthChecker(region, (service, endpoint, check) -> false, new TcpProbe(), Duration.ofMillis(50))) {
                checker.start();
                await("ledger-1 healthy and ledger-2 unhealthy", () -> health(store, "ledger-1") == Health.HEALTHY
                        && health(store, "ledger-2") == Health.UNHEALTHY);

                listening.close();
                await("ledger-1 unhealthy once its port closes", () -> health(store, "ledger-1") == Health.UNHEALTHY);
            }
            assertThat(store.current().endpoint(LEDGER, EndpointId.of("ledger-1")).orElseThrow().routable()).isFalse();
        }
    }

    private static Health health(RegionStateStore store, String endpoint) {
        return store.current().endpoint(LEDGER, EndpointId.of(endpoint)).map(CatalogEndpoint::health).orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
