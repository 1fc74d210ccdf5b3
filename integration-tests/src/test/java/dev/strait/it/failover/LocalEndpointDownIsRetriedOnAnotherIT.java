package dev.strait.it.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * West's {@code inventory} has two endpoints, one on a port where nothing listens: every call from
 * west's local listener, POSTs with a body included, is answered by the live one, because a
 * refused connection never reached an upstream and is retried on the other endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalEndpointDownIsRetriedOnAnotherIT {
    private static final String HOST = "inventory.mesh";

    @TempDir
    static Path directory;

    static EchoServer live;
    static TwoRegions federation;
    static MeshCaller caller;

    @BeforeAll
    static void start() throws Exception {
        int nothingListens = FreePorts.take(1).getFirst();
        federation = new TwoRegions(directory)
                .withWestService("inventory", Protocol.HTTP1, new HostPort("127.0.0.1", nothingListens))
                .start();
        live = EchoServer.start(EchoOptions.loopback(ServiceName.of("inventory"), TwoRegions.WEST, EndpointId.of("inventory-2")));
        int westAdmin = federation.node(TwoRegions.WEST).adminPort();
        Routes.register(westAdmin, "inventory", "inventory-2", live.port());
        Routes.awaitLocalEndpoints(westAdmin, "inventory", Set.of("inventory-1", "inventory-2"), Duration.ofSeconds(10));
        caller = new MeshCaller();
    }

    @AfterAll
    static void stop() {
        if (caller != null) {
            caller.close();
        }
        if (federation != null) {
            federation.close();
        }
        if (live != null) {
            live.close();
        }
    }

    // First, while the dead endpoint is not yet avoided, so a POST can be the call that meets it.
    @Test
    @Order(1)
    void postsWithABodyAreAllServedByTheLiveEndpoint() throws Exception {
        for (int i = 0; i < 20; i++) {
            String body = "{\"item\":" + i + "}";

            HttpResponse<String> response = caller.post(federation.localUrl(TwoRegions.WEST), HOST, "/reserve", body);

            assertServedByTheLiveEndpoint(response, "POST #" + i);
            assertThat(Http.json(response).get("method").asString()).isEqualTo("POST");
            assertThat(Http.json(response).get("bodyBytes").asLong()).as("body bytes of POST #%d", i).isEqualTo(body.length());
        }
    }

    @Test
    @Order(2)
    void getsAreAllServedByTheLiveEndpoint() throws Exception {
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = caller.get(federation.localUrl(TwoRegions.WEST), HOST, "/stock?item=" + i);

            assertServedByTheLiveEndpoint(response, "GET #" + i);
        }
    }

    private static void assertServedByTheLiveEndpoint(HttpResponse<String> response, String call) {
        assertThat(response.statusCode()).as("%s: %s", call, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).as(call).hasValue("west");
        assertThat(response.headers().firstValue("x-echo-endpoint")).as(call).hasValue("inventory-2");
    }
}
