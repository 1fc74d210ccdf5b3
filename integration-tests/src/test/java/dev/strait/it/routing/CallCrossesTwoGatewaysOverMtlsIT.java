package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Http;
import dev.strait.it.support.RawHttp;
import dev.strait.it.support.TwoRegions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    @Test
    void hopByHopHeadersAndTheHeadersConnectionNamesAreNotForwarded() throws Exception {
        String response = RawHttp.exchange(federation.node(TwoRegions.EAST).localPort(), """
                GET /hop HTTP/1.1\r
                Host: payments.mesh\r
                Connection: close, x-per-hop\r
                x-per-hop: 1\r
                Keep-Alive: timeout=5\r
                Proxy-Authorization: Basic Zm9vOmJhcg==\r
                x-end-to-end: kept\r
                \r
                """);

        assertThat(response).startsWith("HTTP/1.1 200");
        JsonNode received = JsonMapper.builder().build().readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("headers");
        assertThat(received.has("x-per-hop")).isFalse();
        assertThat(received.has("keep-alive")).isFalse();
        assertThat(received.has("proxy-authorization")).isFalse();
        assertThat(received.has("connection")).isFalse();
        assertThat(received.has("x-end-to-end")).isTrue();
    }
}
