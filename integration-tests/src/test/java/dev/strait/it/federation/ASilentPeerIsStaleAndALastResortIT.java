package dev.strait.it.federation;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static dev.strait.it.support.ThreeRegions.C;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.ThreeRegions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Region c goes silent on federation while its gateways keep serving: it heartbeats once a
 * minute, and region a marks a peer stale after two seconds of silence. a then routes
 * {@code search} to c only as a last resort, although the service's failover order names c
 * first: b serves it while it can, and c only once b cannot. When c speaks again (it changes what
 * it exports), a asks it for a full export and c is fresh again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ASilentPeerIsStaleAndALastResortIT {
    private static final String FAST_CHECK = "healthCheck: { tcp: true, interval: 100ms, timeout: 50ms, unhealthyThreshold: 1 }";
    /** a's staleAfter (2 s), plus its 50 ms housekeeping tick and a Raft write, with room for a slow machine. */
    private static final Duration STALE = Duration.ofSeconds(6);
    private static final Duration PROPAGATION = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    static ThreeRegions federation;
    static Http http;
    static int aAdmin;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .regionYaml(A, "    federation: { heartbeatInterval: 100ms, staleAfter: 2s }")
                // b heartbeats often enough for a's staleAfter; c does not.
                .regionYaml(B, "    federation: { heartbeatInterval: 100ms }")
                .regionYaml(C, "    federation: { heartbeatInterval: 60s, staleAfter: 150s }")
                // a declares search too, to prefer c over b for it, but its own endpoint is down.
                .service(A, "search", "exportTo: [], failover: [c, b], " + FAST_CHECK)
                .service(B, "search", FAST_CHECK)
                .service(C, "search")
                .startWithSilentRegions();
        federation.stopEcho(A, "search");
        http = new Http();
        aAdmin = federation.node(A).adminPort();
        Await.until("a's own search endpoint leaves its routing", PROPAGATION,
                () -> RegionAdmin.candidate(aAdmin, "search", "a").isEmpty());
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    @Order(1)
    void aMarksTheSilentRegionStaleButKeepsItsServices() throws Exception {
        Await.until("a marks c stale", STALE, () -> RegionAdmin.peer(aAdmin, "c").map(c -> c.path("stale").asBoolean()).orElse(false));

        JsonNode peer = RegionAdmin.peer(aAdmin, "c").orElseThrow();
        assertThat(peer.path("importedVersion").asLong()).isPositive();
        assertThat(peer.path("silentForMillis").asLong()).as("how long c has been silent").isGreaterThanOrEqualTo(2_000);
        assertThat(Admin.json(aAdmin, "/v1/status").path("unreachableGateways").isEmpty())
                .as("c's gateways still answer a's probes: stale is about federation, not reachability").isTrue();
        assertThat(RegionAdmin.peer(aAdmin, "b").orElseThrow().path("stale").asBoolean()).as("b (which heartbeats) stale").isFalse();
        JsonNode imported = RegionAdmin.imported(aAdmin, "c").orElseThrow();
        assertThat(imported.path("stale").asBoolean()).isTrue();
        assertThat(RegionAdmin.services(imported)).containsEntry("search", 1);
    }

    @Test
    @Order(2)
    void theStaleRegionComesAfterEveryFreshOneAndCallsGoToTheFreshOne() throws Exception {
        Await.until("a routes search to b, then c as a last resort", STALE,
                () -> RegionAdmin.order(aAdmin, "search").equals(List.of("remote:b", "remote:c (stale)")));
        JsonNode c = RegionAdmin.candidate(aAdmin, "search", "c").orElseThrow();
        assertThat(c.path("why").asString()).contains("last resort");

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.get(federation.localUrl(A), "search.mesh", "/");
            assertThat(response.statusCode()).as("call %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-strait-region")).as("call %d", i).hasValue("b");
        }
    }

    @Test
    @Order(3)
    void whenNoFreshRegionCanServeTheStaleOneDoes() throws Exception {
        federation.stopEcho(B, "search");
        Await.until("a routes search only to c, stale", PROPAGATION,
                () -> RegionAdmin.order(aAdmin, "search").equals(List.of("remote:c (stale)")));

        HttpResponse<String> response = http.get(federation.localUrl(A), "search.mesh", "/");

        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("c");
    }

    @Test
    @Order(4)
    void whenTheSilentRegionSpeaksAgainItIsFreshWithAFullExportAndPreferredAgain() {
        federation.startEcho(B, "search");
        Await.until("b serves search again, c still a last resort", PROPAGATION,
                () -> RegionAdmin.order(aAdmin, "search").equals(List.of("remote:b", "remote:c (stale)")));
        long staleVersion = RegionAdmin.peer(aAdmin, "c").orElseThrow().path("importedVersion").asLong();

        // c exports one more search endpoint: a change, which a cannot apply on a stale import, so it asks for a full export.
        RegionAdmin.register(federation.node(C).adminPort(), "search", "search-c-2", federation.echoPort(C, "search"));

        // c stays silent afterwards, so a marks it stale again two seconds later: the fresh state is caught while it lasts.
        Await.until("a holds c's full export, fresh, and prefers c for search again", PROPAGATION, () -> RegionAdmin.imported(aAdmin, "c")
                .map(c -> !c.path("stale").asBoolean() && RegionAdmin.services(c).getOrDefault("search", 0) == 2
                        && c.path("version").asLong() > staleVersion)
                .orElse(false)
                && RegionAdmin.order(aAdmin, "search").equals(List.of("remote:c", "remote:b")));
        Await.until("a marks c, silent again, stale again", STALE,
                () -> RegionAdmin.order(aAdmin, "search").equals(List.of("remote:b", "remote:c (stale)")));
    }
}
