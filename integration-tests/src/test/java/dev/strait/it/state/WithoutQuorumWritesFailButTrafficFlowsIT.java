package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Http;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * With two of three nodes down, a write on the survivor fails within the write timeout (plus
 * slack) with a 503 naming the missing quorum, and is not applied; the survivor keeps serving
 * calls from the routing snapshot it last built.
 */
class WithoutQuorumWritesFailButTrafficFlowsIT {
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    static Path directory;

    static ThreeNodeRegion region;
    static EchoServer serving;
    static EchoServer refused;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        region = new ThreeNodeRegion(directory).start();
        serving = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("serving")));
        refused = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("refused")));
        http = new Http();
    }

    @AfterAll
    static void stop() throws Exception {
        ThreeNodeRegion.closeAll(http, refused, serving, region);
    }

    @Test
    void aWriteWithoutQuorumFailsClearlyWhileTheSurvivorKeepsServing() throws Exception {
        String survivor = region.awaitFollower(Duration.ofSeconds(5));
        assertThat(region.register(survivor, "serving", serving.port()).statusCode()).isEqualTo(200);
        region.awaitRoutedTo(http, survivor, "serving", Duration.ofSeconds(3));

        for (String node : region.runningNodes()) {
            if (!node.equals(survivor)) {
                region.stop(node);
            }
        }
        long started = System.nanoTime();
        HttpResponse<String> put = region.register(survivor, "refused", refused.port());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(put.statusCode()).as("PUT without quorum: %s", put.body()).isEqualTo(503);
        assertThat(took).isLessThan(ThreeNodeRegion.WRITE_TIMEOUT.plus(SLACK));
        JsonNode error = Http.json(put);
        assertThat(error.get("error").asString()).isEqualTo("unavailable");
        assertThat(error.get("message").asString()).contains("quorum").contains("west");
        assertThat(region.endpointIds(survivor)).containsExactly("serving");

        HttpResponse<String> call = http.get(region.localUrl(survivor), ThreeNodeRegion.AUTHORITY, "/still-serving");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("x-echo-endpoint")).hasValue("serving");
    }
}
