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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both regions serve {@code catalog}; east's only endpoint is a port where nothing listens. Calls
 * from east's local listener are served by west, POSTs with a body included, while a call pinned to
 * east ({@code catalog.east.mesh}) fails there and never fails over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallsFailOverToTheNextRegionWhenEveryLocalEndpointIsDownIT {
    private static final String HOST = "catalog.mesh";

    @TempDir
    static Path directory;

    static EchoServer west;
    static TwoRegions federation;
    static MeshCaller caller;

    @BeforeAll
    static void start() throws Exception {
        int nothingListens = FreePorts.take(1).getFirst();
        west = EchoServer.start(EchoOptions.loopback(ServiceName.of("catalog"), TwoRegions.WEST, EndpointId.of("catalog-1")));
        federation = new TwoRegions(directory)
                .withEastService("catalog", Protocol.HTTP1, new HostPort("127.0.0.1", nothingListens))
                .withWestService("catalog", Protocol.HTTP1, new HostPort("127.0.0.1", west.port()))
                .start();
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
        if (west != null) {
            west.close();
        }
    }

    @Test
    @Order(1)
    void eastRoutesCatalogToItsOwnEndpointFirstThenToWest() {
        int eastAdmin = federation.node(TwoRegions.EAST).adminPort();

        assertThat(Routes.candidateOrder(eastAdmin, "catalog")).containsExactly("local:east", "remote:west");
    }

    // The first call through east, so east's dead endpoint is not yet avoided and this POST meets it.
    @Test
    @Order(2)
    void aPostWithABodyWhoseConnectWasRefusedIsServedByWest() throws Exception {
        String body = "{\"sku\":\"a-1\",\"count\":2}";

        HttpResponse<String> response = caller.post(federation.localUrl(TwoRegions.EAST), HOST, "/items", body);

        assertServedByWest(response, "POST");
        assertThat(Http.json(response).get("method").asString()).isEqualTo("POST");
        assertThat(Http.json(response).get("bodyBytes").asLong()).isEqualTo(body.length());
    }

    @Test
    @Order(3)
    void getsAreAllServedByWest() throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = caller.get(federation.localUrl(TwoRegions.EAST), HOST, "/items/" + i);

            assertServedByWest(response, "GET #" + i);
        }
    }

    @Test
    @Order(4)
    void aCallPinnedToEastFailsThereAndNeverFailsOver() throws Exception {
        HttpResponse<String> response = caller.get(federation.localUrl(TwoRegions.EAST), "catalog.east.mesh", "/items");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-strait-error")).hasValue("upstream_unavailable");
        assertThat(Http.json(response).get("error").asString()).isEqualTo("upstream_unavailable");
    }

    private static void assertServedByWest(HttpResponse<String> response, String call) {
        assertThat(response.statusCode()).as("%s: %s", call, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).as(call).hasValue("west");
        assertThat(Http.json(response).get("region").asString()).as(call).isEqualTo("west");
    }
}
