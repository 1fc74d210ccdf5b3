package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint that fails its health checks leaves the routing of every node of the region within
 * interval × unhealthyThreshold + 1 s, and comes back when it recovers.
 */
class FailingHealthChecksTakeAnEndpointOutOfEveryNodeIT {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int UNHEALTHY_THRESHOLD = 2;
    private static final Duration LEAVE_DEADLINE = INTERVAL.multipliedBy(UNHEALTHY_THRESHOLD).plusSeconds(1);

    @TempDir
    Path directory;

    private ThreeNodeRegion region;
    private final List<EchoServer> echoes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        echoes.forEach(EchoServer::close);
        if (region != null) {
            region.close();
        }
    }

    @Test
    void aFailingEndpointLeavesEveryNodesRoutingInTimeAndReturnsWhenHealthy() throws Exception {
        region = new ThreeNodeRegion(directory, "healthCheck: { http: /health, interval: " + INTERVAL.toMillis()
                + "ms, timeout: 100ms, healthyThreshold: 1, unhealthyThreshold: " + UNHEALTHY_THRESHOLD + " }").start();
        EchoServer steady = echo("steady", 0);
        EchoServer flaky = echo("flaky", 0);
        int flakyPort = flaky.port();
        assertThat(region.register("n1", "steady", steady.port()).statusCode()).isEqualTo(200);
        assertThat(region.register("n1", "flaky", flakyPort).statusCode()).isEqualTo(200);
        awaitEveryNodeRoutesTo(Set.of("flaky", "steady"), Duration.ofSeconds(10));

        flaky.close();
        long failedAt = System.nanoTime();
        awaitEveryNodeRoutesTo(Set.of("steady"), LEAVE_DEADLINE.plusSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - failedAt);
        assertThat(took).as("time until every node stopped routing to the failed endpoint").isLessThanOrEqualTo(LEAVE_DEADLINE);

        echo("flaky", flakyPort);
        awaitEveryNodeRoutesTo(Set.of("flaky", "steady"), Duration.ofSeconds(5));
    }

    private EchoServer echo(String endpoint, int port) {
        EchoServer echo = EchoServer.start(EchoOptions.loopback(ServiceName.of(ThreeNodeRegion.SERVICE), ThreeNodeRegion.WEST,
                EndpointId.of(endpoint)).withPort(port));
        echoes.add(echo);
        return echo;
    }

    /** Waits until the routing snapshot of every node sends orders.mesh to exactly {@code endpoints}. */
    private void awaitEveryNodeRoutesTo(Set<String> endpoints, Duration deadline) {
        for (String node : ThreeNodeRegion.NODES) {
            int admin = region.running(node).adminPort();
            Await.until("node " + node + " routes orders.mesh to " + endpoints, deadline, () -> endpoints.equals(routed(admin)));
        }
    }

    private static Set<String> routed(int adminPort) {
        Set<String> ids = new TreeSet<>();
        try {
            JsonNode routes = Admin.json(adminPort, "/v1/routes/" + ThreeNodeRegion.SERVICE);
            for (JsonNode candidate : routes.path("candidates")) {
                if (candidate.path("kind").asString("").equals("local")) {
                    candidate.path("endpoints").forEach(endpoint -> ids.add(endpoint.path("id").asString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not answering yet: no routes
        }
        return ids;
    }
}
