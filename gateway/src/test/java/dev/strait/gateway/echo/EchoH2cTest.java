package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The echo over h2c (HTTP/2 with prior knowledge) on the same port that serves HTTP/1.1. */
class EchoH2cTest {
    private static EchoServer echo;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(EchoClients.options());
        client = EchoClients.h2c();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        echo.close();
    }

    @Test
    void answersOverHttp2WithLowerCasedHeaders() throws Exception {
        ContentResponse response = client.newRequest(echo.uri().resolve("/h2?x=1"))
                .headers(h -> h.put("X-Trace", "abc"))
                .timeout(10, TimeUnit.SECONDS)
                .send();

        assertThat(response.getVersion().asString()).isEqualTo("HTTP/2.0");
        assertThat(response.getHeaders().get("x-echo-endpoint")).isEqualTo("payments-1");
        JsonNode json = EchoClients.json(response.getContentAsString());
        assertThat(json.get("protocol").asString()).isEqualTo("HTTP/2.0");
        assertThat(json.get("path").asString()).isEqualTo("/h2");
        assertThat(json.get("query").asString()).isEqualTo("x=1");
        assertThat(json.get("headers").get("x-trace").get(0).asString()).isEqualTo("abc");
    }

    @Test
    void hashesARequestBody() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(11).nextBytes(body);

        ContentResponse response = client.newRequest(echo.uri().resolve("/upload"))
                .method(HttpMethod.PUT)
                .body(new BytesRequestContent("application/octet-stream", body))
                .timeout(10, TimeUnit.SECONDS)
                .send();

        JsonNode json = EchoClients.json(response.getContentAsString());
        assertThat(json.get("method").asString()).isEqualTo("PUT");
        assertThat(json.get("bodyBytes").asLong()).isEqualTo(body.length);
        assertThat(json.get("bodySha256").asString()).isEqualTo(EchoHttpTest.sha256(body));
    }

    @Test
    void streamsGeneratedBytes() throws Exception {
        long length = 64L * 1024 * 1024 + 5;
        var listener = new InputStreamResponseListener();
        client.newRequest(echo.uri().resolve("/bytes/" + length)).send(listener);

        Response response = listener.get(10, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().getLongField("content-length")).isEqualTo(length);
        assertThat(EchoClients.verifyGenerated(listener.getInputStream())).isEqualTo(length);
    }

    @Test
    void slowRequestsShareOneConnectionConcurrently() throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<ContentResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(new CompletableResponseListener(client.newRequest(echo.uri().resolve("/slow?ms=500"))).send());
        }

        for (CompletableFuture<ContentResponse> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        // One after another would take 10 s; multiplexed streams on virtual threads take about 0.5 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
