package dev.strait.it.failover;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static dev.strait.it.support.ThreeRegions.C;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.ThreeRegions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code orders} is served in a, b and c (a's failover order is b, then c), without health checks,
 * and a's and b's endpoints are stopped. A POST with a small body sent to a's local listener
 * meets a's endpoint refusing the connection, then b's gateway, which takes the whole body but
 * reaches none of its endpoints and answers {@code no_healthy_upstream}; a's gateway then sends
 * the body again, from its retry buffer, to c, which gets it whole. A call pinned to b is refused
 * there and goes nowhere else.
 */
class PostBodiesAreSentAgainToTheNextRegionWhenAPeerCannotServeIT {
    private static final String SERVICE = "orders";
    private static final String HOST = SERVICE + ".mesh";
    private static final int POSTS = 20;

    @TempDir
    Path directory;

    @Test
    void postsRefusedByBAreServedWholeByC() throws Exception {
        try (ThreeRegions federation = new ThreeRegions(directory)
                .service(A, SERVICE)
                .service(B, SERVICE)
                .service(C, SERVICE)
                .start();
                MeshCaller caller = new MeshCaller()) {
            int aAdmin = federation.node(A).adminPort();
            Await.until("a routes orders to itself, then b, then c", Duration.ofSeconds(10),
                    () -> Routes.candidateOrder(aAdmin, SERVICE).equals(List.of("local:a", "remote:b", "remote:c")));
            federation.stopEcho(A, SERVICE);
            federation.stopEcho(B, SERVICE);

            for (int i = 0; i < POSTS; i++) {
                String body = "{\"order\":" + i + ",\"lines\":\"" + "x".repeat(2000 + i) + "\"}";

                HttpResponse<String> response = caller.post(federation.localUrl(A), HOST, "/orders", body);

                assertThat(response.statusCode()).as("POST #%d: %s", i, response.body()).isEqualTo(200);
                assertThat(response.headers().firstValue("x-strait-region")).as("POST #%d", i).hasValue("c");
                JsonNode echo = Http.json(response);
                assertThat(echo.get("method").asString()).isEqualTo("POST");
                assertThat(echo.get("bodyBytes").asLong()).as("bytes c received for POST #%d", i).isEqualTo(body.length());
                assertThat(echo.get("bodySha256").asString()).as("body c received for POST #%d", i).isEqualTo(sha256(body));
            }

            // b stayed in a's routing all along (it has no health check), so every POST went through b's refusal.
            assertThat(Routes.candidateOrder(aAdmin, SERVICE)).containsExactly("local:a", "remote:b", "remote:c");

            HttpResponse<String> pinned = caller.post(federation.localUrl(A), SERVICE + ".b.mesh", "/orders", "{\"pinned\":true}");

            assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(503);
            assertThat(pinned.headers().firstValue("x-strait-error")).hasValue("no_healthy_upstream");
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
