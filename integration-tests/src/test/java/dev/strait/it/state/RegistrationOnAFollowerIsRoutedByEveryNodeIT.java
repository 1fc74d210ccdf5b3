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

/** An endpoint registered through a follower's admin API is routed by every node of the region. */
class RegistrationOnAFollowerIsRoutedByEveryNodeIT {
    @TempDir
    static Path directory;

    static ThreeNodeRegion region;
    static EchoServer echo;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        region = new ThreeNodeRegion(directory).start();
        echo = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("orders-f1")));
        http = new Http();
    }

    @AfterAll
    static void stop() throws Exception {
        ThreeNodeRegion.closeAll(http, echo, region);
    }

    @Test
    void aRegistrationMadeOnAFollowerIsRoutedByAllThreeNodes() throws Exception {
        String follower = region.awaitFollower(Duration.ofSeconds(5));

        HttpResponse<String> put = region.register(follower, "orders-f1", echo.port());

        assertThat(put.statusCode()).as("PUT on follower %s: %s", follower, put.body()).isEqualTo(200);
        assertThat(Http.json(put).get("committed").asBoolean()).isTrue();
        assertThat(region.endpointIds(follower)).as("the follower's applied catalog right after its write").contains("orders-f1");
        for (String node : ThreeNodeRegion.NODES) {
            region.awaitRoutedTo(http, node, "orders-f1", Duration.ofSeconds(3));
            HttpResponse<String> response = http.get(region.localUrl(node), ThreeNodeRegion.AUTHORITY, "/check");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.json(response).get("endpoint").asString()).isEqualTo("orders-f1");
        }
    }
}
