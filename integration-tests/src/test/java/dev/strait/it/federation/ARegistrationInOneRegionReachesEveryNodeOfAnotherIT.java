package dev.strait.it.federation;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint registered in region b at runtime reaches the routing of every node of region a,
 * and leaves it again when deregistered. b declares {@code inventory} with one endpoint that is
 * down (its health check takes it out), so b exports it to a with no healthy endpoint and a has
 * nowhere to send it until the registration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ARegistrationInOneRegionReachesEveryNodeOfAnotherIT {
    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static final String FAST_CHECK = "healthCheck: { tcp: true, interval: 100ms, timeout: 50ms, unhealthyThreshold: 1 }";

    @TempDir
    static Path directory;

    static ThreeRegions federation;
    static EchoServer registered;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .nodes(A, 3)
                .service(B, "inventory", FAST_CHECK)
                .start();
        federation.stopEcho(B, "inventory");
        registered = EchoServer.start(EchoOptions.loopback(ServiceName.of("inventory"), B, EndpointId.of("inventory-live")));
        http = new Http();
        for (GatewayNode node : federation.runningNodes(A)) {
            Await.until("node " + node.config().id() + " of a no longer routes inventory to b (b's only endpoint is down)",
                    PROPAGATION, () -> RegionAdmin.candidate(node.adminPort(), "inventory", "b").isEmpty());
        }
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (registered != null) {
            registered.close();
        }
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    @Order(1)
    void anEndpointRegisteredInBIsRoutedToByEveryNodeOfA() throws Exception {
        RegionAdmin.register(federation.node(B).adminPort(), "inventory", "inventory-live", registered.port());

        assertThat(federation.runningNodes(A)).hasSize(3);
        for (GatewayNode node : federation.runningNodes(A)) {
            Await.until("node " + node.config().id() + " of a routes inventory to b", PROPAGATION,
                    () -> RegionAdmin.candidate(node.adminPort(), "inventory", "b")
                            .map(b -> b.path("kind").asString().equals("remote") && b.path("healthyEndpoints").asInt() >= 1)
                            .orElse(false));
            HttpResponse<String> response = http.get("http://127.0.0.1:" + node.localPort(), "inventory.mesh", "/");

            assertThat(response.statusCode()).as("inventory.mesh through node %s of a: %s", node.config().id(), response.body())
                    .isEqualTo(200);
            assertThat(response.headers().firstValue("x-strait-region")).hasValue("b");
            assertThat(response.headers().firstValue("x-echo-endpoint")).hasValue("inventory-live");
        }
    }

    @Test
    @Order(2)
    void theDeregisteredEndpointLeavesTheRoutingOfEveryNodeOfA() throws Exception {
        RegionAdmin.deregister(federation.node(B).adminPort(), "inventory", "inventory-live");

        for (GatewayNode node : federation.runningNodes(A)) {
            Await.until("node " + node.config().id() + " of a no longer routes inventory to b", PROPAGATION,
                    () -> RegionAdmin.candidate(node.adminPort(), "inventory", "b").isEmpty());
            HttpResponse<String> response = http.get("http://127.0.0.1:" + node.localPort(), "inventory.mesh", "/");

            assertThat(response.statusCode()).as("inventory.mesh through node %s of a: %s", node.config().id(), response.body())
                    .isEqualTo(503);
            assertThat(response.headers().firstValue("x-strait-error")).hasValue("no_healthy_upstream");
        }
    }
}
