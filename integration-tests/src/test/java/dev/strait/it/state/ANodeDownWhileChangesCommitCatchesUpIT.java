package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A follower that is down while 120 catalog changes commit (with {@code snapshotThreshold: 50},
 * so raft snapshots are taken and the log the node missed is purged on the others) catches up
 * after its restart by raft snapshot installation, reaches the same catalog as the others and
 * routes like them.
 */
class ANodeDownWhileChangesCommitCatchesUpIT {
    private static final int REGISTRATIONS = 70;
    private static final int DEREGISTRATIONS = 50;
    private static final int PADDING_CONFIGS = 10;
    private static final int PADDING_BYTES = 1024 * 1024;
    private static final long MIN_HEAP_BYTES = 256L * 1024 * 1024;

    @TempDir
    static Path directory;

    static ThreeNodeRegion region;
    static EchoServer stale;
    static EchoServer churnA;
    static EchoServer churnB;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        // Three nodes in this JVM each cache the 8 MiB log segment the padding fills; a small test heap cannot hold it.
        assumeTrue(Runtime.getRuntime().maxMemory() >= MIN_HEAP_BYTES,
                "needs a heap of at least 256 MiB (has " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB)");
        region = new ThreeNodeRegion(directory).start();
        stale = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("stale")));
        churnA = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("churn-a")));
        churnB = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("churn-b")));
        http = new Http();
    }

    @AfterAll
    static void stop() throws Exception {
        ThreeNodeRegion.closeAll(http, churnB, churnA, stale, region);
    }

    @Test
    void aLaggingNodeCatchesUpBySnapshotAndRoutesLikeTheOthers() throws Exception {
        String leader = region.awaitLeader(Duration.ofSeconds(5));
        String lagging = region.awaitFollower(Duration.ofSeconds(5));
        assertThat(region.register(leader, "stale", stale.port()).statusCode()).isEqualTo(200);
        region.awaitRoutedTo(http, lagging, "stale", Duration.ofSeconds(3));
        long appliedWhenStopped = region.status(lagging).orElseThrow().path("raft").path("appliedIndex").asLong();

        region.stop(lagging);
        // Ratis purges only closed log segments (8 MiB each), so large config entries fill one first;
        // the raft snapshots taken during the 120 changes then let the leader purge what the node missed.
        for (int i = 0; i < PADDING_CONFIGS; i++) {
            HttpResponse<String> apply = region.applyConfig(leader, region.configYaml() + padding(i));
            assertThat(apply.statusCode()).as("config apply %d: %s", i, apply.body()).isEqualTo(200);
        }
        // 120 changes while it is down: churn-0..69 registered (alternating two echoes), churn-0..49
        // deregistered, and the endpoint it last routed to removed.
        for (int i = 0; i < REGISTRATIONS; i++) {
            HttpResponse<String> put = region.register(leader, "churn-" + i, (i % 2 == 0 ? churnA : churnB).port());
            assertThat(put.statusCode()).as("PUT churn-%d: %s", i, put.body()).isEqualTo(200);
        }
        for (int i = 0; i < DEREGISTRATIONS; i++) {
            HttpResponse<String> delete = region.deregister(leader, "churn-" + i);
            assertThat(delete.statusCode()).as("DELETE churn-%d: %s", i, delete.body()).isEqualTo(200);
        }
        assertThat(region.deregister(leader, "stale").statusCode()).isEqualTo(200);
        long leaderCommit = region.status(leader).orElseThrow().path("raft").path("commitIndex").asLong();
        assertThat(leaderCommit).isGreaterThanOrEqualTo(appliedWhenStopped + REGISTRATIONS + DEREGISTRATIONS + 1);
        Await.until("the leader has purged log entries the stopped node missed", Duration.ofSeconds(5),
                () -> firstLogIndex(leader) > appliedWhenStopped + 1);

        region.restart(lagging);
        region.awaitReady(lagging);

        JsonNode expected = region.catalog(leader, true).path("services");
        Await.until("node " + lagging + " has applied the leader's catalog", Duration.ofSeconds(5),
                () -> expected.equals(servicesOf(lagging)));
        assertThat(ThreeNodeRegion.endpointIds(region.catalog(lagging, false)))
                .hasSize(REGISTRATIONS - DEREGISTRATIONS)
                .doesNotContain("stale");
        for (String node : ThreeNodeRegion.NODES) {
            assertThat(servicesOf(node)).as("node %s's catalog", node).isEqualTo(expected);
        }
        assertThat(region.raftSnapshotIndexes(lagging))
                .as("raft snapshots in %s's data directory (installed from the leader)", lagging)
                .anyMatch(index -> index > appliedWhenStopped);

        Set<String> answered = new HashSet<>();
        Await.until("node " + lagging + " routes orders.mesh to both remaining echoes", Duration.ofSeconds(5), () -> {
            region.answeringEndpoint(http, lagging).ifPresent(answered::add);
            return answered.containsAll(List.of("churn-a", "churn-b"));
        });
        for (int i = 0; i < 20; i++) {
            assertThat(region.answeringEndpoint(http, lagging)).as("call %d through %s", i, lagging).isPresent()
                    .get().isIn("churn-a", "churn-b");
        }
    }

    /** A YAML comment of about {@link #PADDING_BYTES}, different for each {@code i} so each apply is a new config. */
    private static String padding(int i) {
        return "# padding " + i + "\n" + ("# " + "x".repeat(1022) + "\n").repeat(PADDING_BYTES / 1025);
    }

    private static JsonNode servicesOf(String node) {
        try {
            return region.catalog(node, false).path("services");
        } catch (Exception e) {
            return null;
        }
    }

    private static long firstLogIndex(String node) {
        try {
            return region.firstLogIndex(node);
        } catch (Exception e) {
            return -1;
        }
    }
}
