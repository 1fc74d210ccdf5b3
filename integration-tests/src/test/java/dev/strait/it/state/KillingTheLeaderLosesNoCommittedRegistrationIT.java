package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Http;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the leader makes the two survivors elect a new one; writes resume, and a registration
 * committed before the leader went away is still applied and routed by both survivors.
 */
class KillingTheLeaderLosesNoCommittedRegistrationIT {
    @TempDir
    static Path directory;

    static ThreeNodeRegion region;
    static EchoServer before;
    static EchoServer after;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        region = new ThreeNodeRegion(directory).start();
        before = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("before-kill")));
        after = EchoServer.start(EchoOptions.loopback(ServiceName.of("orders"), ThreeNodeRegion.WEST, EndpointId.of("after-kill")));
        http = new Http();
    }

    @AfterAll
    static void stop() throws Exception {
        ThreeNodeRegion.closeAll(http, after, before, region);
    }

    @Test
    void aNewLeaderIsElectedWritesResumeAndNoCommittedRegistrationIsLost() throws Exception {
        String oldLeader = region.awaitLeader(Duration.ofSeconds(5));
        HttpResponse<String> committed = region.register(oldLeader, "before-kill", before.port());
        assertThat(committed.statusCode()).as("PUT before the kill: %s", committed.body()).isEqualTo(200);
        long termBefore = region.status(oldLeader).orElseThrow().path("raft").path("term").asLong();

        region.stop(oldLeader);
        String newLeader = region.awaitLeader(Duration.ofSeconds(5));

        assertThat(newLeader).isNotEqualTo(oldLeader);
        assertThat(region.status(newLeader).orElseThrow().path("raft").path("term").asLong()).isGreaterThan(termBefore);
        List<String> survivors = region.runningNodes();
        assertThat(survivors).hasSize(2).doesNotContain(oldLeader);
        String through = survivors.stream().filter(node -> !node.equals(newLeader)).findFirst().orElseThrow();
        HttpResponse<String> resumed = region.register(through, "after-kill", after.port());
        assertThat(resumed.statusCode()).as("PUT on survivor %s after the kill: %s", through, resumed.body()).isEqualTo(200);
        for (String node : survivors) {
            assertThat(ThreeNodeRegion.endpointIds(region.catalog(node, true)))
                    .as("survivor %s's linearizable catalog", node)
                    .containsExactlyInAnyOrder("before-kill", "after-kill");
            region.awaitRoutedTo(http, node, "before-kill", Duration.ofSeconds(3));
            region.awaitRoutedTo(http, node, "after-kill", Duration.ofSeconds(3));
        }
    }
}
