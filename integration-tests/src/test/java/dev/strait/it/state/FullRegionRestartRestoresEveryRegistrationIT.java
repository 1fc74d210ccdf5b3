package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every node of the region closed, then started again from the same data directories: nothing registered is lost. */
class FullRegionRestartRestoresEveryRegistrationIT {
    private static final List<String> REGISTERED = List.of("orders-1", "orders-2", "orders-3");

    @TempDir
    static Path directory;

    static ThreeNodeRegion region;
    static final List<EchoServer> echoes = new ArrayList<>();
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        region = new ThreeNodeRegion(directory).start();
        for (String id : REGISTERED) {
            echoes.add(EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of(id))));
        }
        http = new Http();
    }

    @AfterAll
    static void stop() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(http);
        parts.addAll(echoes);
        parts.add(region);
        ThreeNodeRegion.closeAll(parts.toArray(AutoCloseable[]::new));
    }

    @Test
    void aFullRestartRestoresEveryRegistrationOnEveryNode() throws Exception {
        // One registration through each node, so that followers' forwarding is part of what is restored.
        for (int i = 0; i < REGISTERED.size(); i++) {
            HttpResponse<String> put = region.register(ThreeNodeRegion.NODES.get(i), REGISTERED.get(i), echoes.get(i).port());
            assertThat(put.statusCode()).as("PUT %s: %s", REGISTERED.get(i), put.body()).isEqualTo(200);
        }
        for (String node : ThreeNodeRegion.NODES) {
            Await.until("node " + node + " has applied the three registrations", Duration.ofSeconds(3),
                    () -> region.endpointIds(node).containsAll(REGISTERED));
        }

        region.stopAll();
        assertThat(region.runningNodes()).isEmpty();
        for (String node : ThreeNodeRegion.NODES) {
            region.restart(node);
        }
        for (String node : ThreeNodeRegion.NODES) {
            region.awaitReady(node);
        }

        for (String node : ThreeNodeRegion.NODES) {
            assertThat(ThreeNodeRegion.endpointIds(region.catalog(node, true)))
                    .as("node %s's linearizable catalog after the restart", node)
                    .containsExactlyInAnyOrderElementsOf(REGISTERED);
            Await.until("node " + node + " has applied the restored registrations", Duration.ofSeconds(3),
                    () -> region.endpointIds(node).containsAll(REGISTERED));
            for (String id : REGISTERED) {
                region.awaitRoutedTo(http, node, id, Duration.ofSeconds(3));
            }
        }
    }
}
