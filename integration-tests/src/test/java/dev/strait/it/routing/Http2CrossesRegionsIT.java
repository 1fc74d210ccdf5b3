package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.TwoRegions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An h2c caller in east reaches {@code streams}, an HTTP/2 service west serves over TLS. */
class Http2CrossesRegionsIT {
    @TempDir
    static Path directory;

    static TwoRegions federation;
    static HttpClient h2c;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        int port = federation.node(TwoRegions.EAST).localPort();
        // Mesh names resolve to the local gateway, as a service's resolver would arrange.
        h2c.setSocketAddressResolver((host, ignored, context, promise) ->
                promise.succeeded(List.of(new InetSocketAddress("127.0.0.1", port))));
        h2c.start();
    }

    @AfterAll
    static void stop() throws Exception {
        h2c.stop();
        federation.close();
    }

    @Test
    void h2cCallIsCarriedToWestAndAnsweredOverHttp2() throws Exception {
        ContentResponse response = h2c.newRequest("http://streams.mesh/orders?id=7")
                .timeout(10, TimeUnit.SECONDS)
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.getHeaders().get("x-strait-region")).isEqualTo("west");
        JsonNode echo = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(echo.get("service").asString()).isEqualTo("streams");
        assertThat(echo.get("protocol").asString()).isEqualTo("HTTP/2.0");
        assertThat(echo.get("path").asString()).isEqualTo("/orders");
    }

    @Test
    void aPostBodyArrivesWhole() throws Exception {
        byte[] body = new byte[300_000];
        java.util.Arrays.fill(body, (byte) 'x');
        ContentResponse response = h2c.POST("http://streams.mesh/upload")
                .body(new org.eclipse.jetty.client.BytesRequestContent(body))
                .timeout(10, TimeUnit.SECONDS)
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode echo = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(echo.get("bodyBytes").asLong()).isEqualTo(body.length);
    }
}
