package dev.strait.it.malformed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.RawHttp;
import dev.strait.it.support.TwoRegions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway normalizes a request's path once, before anything matches on it, and the endpoint
 * in the other region receives the normalized path; shapes that could mean two different paths
 * are refused with 400 and never leave the gateway.
 */
class RequestPathsAreNormalizedOnceIT {
    private static final String HOST = "Host: payments.mesh\r\n";

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static int eastLocalPort;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        eastLocalPort = federation.node(TwoRegions.EAST).localPort();
    }

    @AfterAll
    static void stop() {
        if (federation != null) {
            federation.close();
        }
    }

    @ParameterizedTest(name = "{0} reaches the endpoint as {1}")
    @CsvSource({
            "/api/../admin, /admin",
            "/api/%2e%2E/admin, /admin",
            "/./admin, /admin",
            "//admin///users, /admin/users",
            "/%61dmin, /admin",
            "/admin., /admin.",
    })
    void theEndpointReceivesTheNormalizedPath(String sent, String received) throws Exception {
        String response = RawHttp.exchange(eastLocalPort, "GET " + sent + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response).contains("\"path\":\"" + received + "\"");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"/admin%2Fusers", "/admin%5cusers", "/admin%00", "/public/..;/admin", "/a%zz"})
    void ambiguousTargetsAreRefusedWithBadRequest(String sent) throws Exception {
        String response = RawHttp.exchange(eastLocalPort, "GET " + sent + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

        assertThat(RawHttp.statusCode(response.lines().findFirst().orElse(""))).as(response).isEqualTo(400);
        assertThat(response).doesNotContain("x-strait-region").doesNotContain("x-echo-endpoint");
    }
}
