package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The echo over plaintext HTTP/1.1, driven by the JDK client. */
class EchoHttpTest {
    private static EchoServer echo;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        echo = EchoServer.start(EchoClients.options());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        echo.close();
    }

    @Test
    void describesTheRequestItReceived() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/hello/world?a=1&b=two"))
                .header("X-Trace", "abc")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("x-echo-endpoint")).contains("payments-1");
        JsonNode json = EchoClients.json(response.body());
        assertThat(json.get("service").asString()).isEqualTo("payments");
        assertThat(json.get("region").asString()).isEqualTo("us-east");
        assertThat(json.get("endpoint").asString()).isEqualTo("payments-1");
        assertThat(json.get("method").asString()).isEqualTo("GET");
        assertThat(json.get("path").asString()).isEqualTo("/hello/world");
        assertThat(json.get("query").asString()).isEqualTo("a=1&b=two");
        assertThat(json.get("protocol").asString()).isEqualTo("HTTP/1.1");
        assertThat(json.get("headers").get("x-trace").get(0).asString()).isEqualTo("abc");
        assertThat(json.get("headers").get("x-multi").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(json.get("headers").has("host")).isTrue();
        assertThat(json.get("bodyBytes").asLong()).isZero();
        assertThat(json.get("bodySha256").asString()).isEqualTo(sha256(new byte[0]));
        assertThat(json.get("tls").isNull()).isTrue();
    }

    @Test
    void countsAndHashesAStreamedBody() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024 + 3];
        new Random(7).nextBytes(body);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                // An InputStream publisher sends chunked: the echo cannot know the length up front.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode json = EchoClients.json(response.body());
        assertThat(json.get("method").asString()).isEqualTo("POST");
        assertThat(json.get("bodyBytes").asLong()).isEqualTo(body.length);
        assertThat(json.get("bodySha256").asString()).isEqualTo(sha256(body));
    }

    @Test
    void answersWithTheStatusItIsAskedFor() throws Exception {
        HttpResponse<String> teapot = get("/anything?status=418");
        HttpResponse<String> noContent = get("/anything?status=204");
        HttpResponse<String> invalid = get("/anything?status=99");

        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(EchoClients.json(teapot.body()).get("path").asString()).isEqualTo("/anything");
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(EchoClients.json(invalid.body()).get("message").asString()).contains("status '99'");
    }

    @Test
    void slowWaitsBeforeAnsweringWithinItsBound() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> slow = get("/slow?ms=300");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(get("/slow?ms=30001").statusCode()).isEqualTo(400);
        assertThat(get("/slow?ms=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void bytesServesExactlyNGeneratedBytes() throws Exception {
        HttpResponse<byte[]> small = http.send(HttpRequest.newBuilder(uri("/bytes/100000")).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> empty = http.send(HttpRequest.newBuilder(uri("/bytes/0")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValueAsLong("content-length")).hasValue(100_000);
        assertThat(EchoClients.verifyGenerated(new ByteArrayInputStream(small.body()))).isEqualTo(100_000);
        assertThat(empty.body()).isEmpty();
        assertThat(get("/bytes/x").statusCode()).isEqualTo(400);
        assertThat(get("/bytes/" + ((1L << 30) + 1)).statusCode()).isEqualTo(400);
        assertThat(get("/bytes/10?status=206").statusCode()).isEqualTo(206);
    }

    @Test
    void bytesStreamsALargeBody() throws Exception {
        long length = 256L * 1024 * 1024;
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(uri("/bytes/" + length)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long received;
        try (InputStream in = response.body()) {
            received = EchoClients.verifyGenerated(in);
        }

        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(length);
        assertThat(received).isEqualTo(length);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return echo.uri().resolve(path);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
