package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A caller in east names a service by Host only; the call crosses to west over mTLS and back. */
class CallCrossesTwoGatewaysOverMtlsIT {
    @TempDir
    static Path directory;

    static TwoRegions federation;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        http = new Http();
    }

    @AfterAll
    static void stop() {
        http.close();
        federation.close();
    }

    @Test
    void http1CallToAServiceOnlyWestServesIsServedByWest() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/pay?amount=3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
        JsonNode echo = Http.json(response);
        assertThat(echo.get("service").asString()).isEqualTo("payments");
        assertThat(echo.get("region").asString()).isEqualTo("west");
        assertThat(echo.get("path").asString()).isEqualTo("/pay");
    }

    @Test
    void aLocalServiceIsServedInTheCallersOwnRegion() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "web.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("east");
        assertThat(Http.json(response).get("region").asString()).isEqualTo("east");
    }

    @Test
    void aCallPinnedToARegionGoesThere() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.WEST), "web.east.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("east");
    }

    @Test
    void anUnknownServiceIsAGatewayMade404() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "nothing.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-strait-error")).hasValue("unknown_service");
        assertThat(Http.json(response).get("error").asString()).isEqualTo("unknown_service");
    }

    @Test
    void aServiceNotExportedToTheCallersRegionIsNotVisible() throws Exception {
        // web lives in east and is exported to west only; east's own callers see it locally, but a
        // pinned call from west for a west-only name does not exist.
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "payments.east.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void xStraitSourceSentByALocalCallerNeverReachesTheEndpointAsSent() throws Exception {
        String forged = "spiffe://strait.test/region/west/service/admin";
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/",
                "x-strait-source", forged);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode received = Http.json(response).get("headers").get("x-strait-source");
        assertThat(String.valueOf(received)).doesNotContain(forged);
    }
}
