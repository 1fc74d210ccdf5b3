package dev.strait.it.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With no traffic flowing, west's only gateway goes dark: east stops routing {@code payments} to
 * west within the documented bound, calls for it fail fast instead of hanging, and when west's
 * gateway comes back east routes to it again.
 */
class ADarkRegionLeavesEveryOtherRegionsRoutingIT {
    private static final String HOST = "payments.mesh";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // The bound is 1 s from a region's gateways going dark to its removal from every other
    // region's routing, with no traffic flowing (docs/failover.md); the rest is test slack for
    // polling the admin API and scheduling on a loaded machine.
    private static final Duration DOCUMENTED_BOUND = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofMillis(500);

    @TempDir
    Path directory;

    /** What east's {@code GET /v1/routes/payments} says about west. */
    private enum WestInRoutes { LISTED, NOT_LISTED, NO_ANSWER }

    @Test
    void westLeavesEastsRoutingWithinOneSecondAndComesBackWhenRestarted() throws Exception {
        try (TwoRegions federation = new TwoRegions(directory).start(); MeshCaller caller = new MeshCaller()) {
            int eastAdmin = federation.node(TwoRegions.EAST).adminPort();
            String east = federation.localUrl(TwoRegions.EAST);
            Await.until("east routes payments to west", Duration.ofSeconds(10),
                    () -> westInRoutes(eastAdmin) == WestInRoutes.LISTED);

            // No call is made from here until west is gone from east's routes: only probes can notice.
            // The node is closed on another thread so the polling below sees the change as it happens,
            // not after the whole close (Raft shutdown included) has returned.
            long darkAt = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    federation.stopNode(TwoRegions.WEST);
                } catch (Exception e) {
                    throw new IllegalStateException("stopping west's node", e);
                }
            }, runnable -> Thread.ofVirtual().name("stop-west").start(runnable));
            Await.until("east's routes for payments no longer list west", Duration.ofSeconds(5),
                    () -> westInRoutes(eastAdmin) == WestInRoutes.NOT_LISTED);
            Duration removal = Duration.ofNanos(System.nanoTime() - darkAt);
            stopping.get(30, TimeUnit.SECONDS);

            assertThat(removal)
                    .as("time from west's node stopping to its removal from east's routing (bound %s ms, docs/failover.md)",
                            DOCUMENTED_BOUND.toMillis())
                    .isLessThanOrEqualTo(DOCUMENTED_BOUND.plus(SLACK));

            long callAt = System.nanoTime();
            HttpResponse<String> failed = caller.get(east, HOST, "/charges/1");
            Duration callTook = Duration.ofNanos(System.nanoTime() - callAt);

            assertThat(failed.statusCode()).as("call to %s with west dark: %s", HOST, failed.body()).isBetween(400, 599);
            assertThat(callTook).as("call to %s with west dark answered after", HOST).isLessThan(Duration.ofSeconds(2));

            federation.restartNode(TwoRegions.WEST);

            Await.until("east's routes for payments list west again", Duration.ofSeconds(10),
                    () -> westInRoutes(eastAdmin) == WestInRoutes.LISTED);
            HttpResponse<String> served = caller.get(east, HOST, "/charges/2");

            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.headers().firstValue("x-strait-region")).hasValue("west");
            assertThat(Http.json(served).get("region").asString()).isEqualTo("west");
        }
    }

    /**
     * Whether east's routes for payments name west. A 200 without a west candidate or a 404
     * {@code unknown_service} (payments is served by west alone) count as not listed; anything
     * else (no answer, another error) as no answer, so a hiccup of the admin API is not taken
     * for a removal.
     */
    private static WestInRoutes westInRoutes(int adminPort) {
        HttpResponse<String> response;
        JsonNode body;
        try {
            response = Admin.send(adminPort, "GET", "/v1/routes/payments", null);
            body = JSON.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            return WestInRoutes.NO_ANSWER;
        }
        if (response.statusCode() == 404 && body.path("error").asString("").equals("unknown_service")) {
            return WestInRoutes.NOT_LISTED;
        }
        if (response.statusCode() != 200) {
            return WestInRoutes.NO_ANSWER;
        }
        for (JsonNode candidate : body.path("candidates")) {
            if (candidate.path("region").asString("").equals("west")) {
                return WestInRoutes.LISTED;
            }
        }
        return WestInRoutes.NOT_LISTED;
    }
}
