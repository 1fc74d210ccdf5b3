package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.TwoRegions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 100 MB bodies cross both gateways in each direction. This class runs in a JVM whose whole heap
 * is 64 MB (see the integration-tests POM) shared by the client, both gateways and the echo
 * backends, so a gateway that held a body whole would fail with OutOfMemoryError.
 */
class LargeBodiesStreamThroughTheChainStreamingIT {
    private static final long SIZE = 100L * 1024 * 1024;

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        federation.close();
    }

    @Test
    void a100MegabyteUploadArrivesWholeAtTheRemoteEndpoint() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpRequest upload = HttpRequest.newBuilder(URI.create(federation.localUrl(TwoRegions.EAST) + "/upload"))
                .header("Host", "payments.mesh")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE, sent)), SIZE))
                .build();

        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
        JsonNode echo = JsonMapper.builder().build().readTree(response.body());
        assertThat(echo.get("bodyBytes").asLong()).isEqualTo(SIZE);
        assertThat(echo.get("bodySha256").asString()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
    }

    @Test
    void a100MegabyteDownloadArrivesWholeAtTheCaller() throws Exception {
        HttpRequest download = HttpRequest.newBuilder(URI.create(federation.localUrl(TwoRegions.EAST) + "/bytes/" + SIZE))
                .header("Host", "payments.mesh")
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build();

        HttpResponse<InputStream> response = http.send(download, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                received += n;
            }
        }
        assertThat(received).isEqualTo(SIZE);
    }

    /** {@code size} bytes of a repeating pattern, hashed as they are read, never held whole. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long position;

        PatternStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ('a' + (position + i) % 26);
            }
            digest.update(buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {}
    }
}
