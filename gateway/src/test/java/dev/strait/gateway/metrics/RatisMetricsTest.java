package dev.strait.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.raft.RaftSettings;
import dev.strait.federation.raft.RatisMetric;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ratis's own metrics of real one-node Ratis groups on loopback, two of them in one process as in the demo. */
class RatisMetricsTest {
    @TempDir
    Path data;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void showsTheLogWorkerElectionAndServerMetricsOfTheNodesOwnMember() throws Exception {
        try (RegionStateStore store = start("east", "east-1")) {
            // Returns once the node leads and has committed its first entry, so the log has been appended and flushed.
            store.read(true);
            RatisMetrics ratis = new RatisMetrics(store.ratisMetrics()::scan, registry);
            ratis.refresh();

            Scrape scrape = Scrape.parse(registry.scrape());
            assertThat(scrape.value("ratis_log_worker_append_entry_count_total", Map.of())).hasValueSatisfying(n -> assertThat(n).isPositive());
            assertThat(scrape.value("ratis_log_worker_flush_count_total", Map.of())).hasValueSatisfying(n -> assertThat(n).isPositive());
            assertThat(scrape.value("ratis_log_worker_flush_time_seconds_count", Map.of())).hasValueSatisfying(n -> assertThat(n).isPositive());
            assertThat(scrape.value("ratis_log_worker_flush_time_seconds", Map.of("quantile", "0.99")))
                    .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(0.0, 60.0));
            assertThat(scrape.value("ratis_leader_election_election_count_total", Map.of())).hasValue(1.0);
            // Ratis moves this gauge after the commit a read waits for, so it may still be -1 (nothing applied) here.
            assertThat(scrape.value("ratis_state_machine_applied_index", Map.of()))
                    .hasValueSatisfying(index -> assertThat(index).isGreaterThanOrEqualTo(-1.0));
            // Ratis names this per member of the group ("east-1_peerCommitIndex"): the member becomes a label.
            assertThat(scrape.value("ratis_server_peer_commit_index", Map.of("peer", "east-1")))
                    .hasValueSatisfying(index -> assertThat(index).isGreaterThanOrEqualTo(0.0));
            assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("ratis_"))
                    .allSatisfy(s -> assertThat(s.name()).matches("ratis_[a-z0-9_]+"))
                    .allSatisfy(s -> assertThat(s.labels().keySet()).isSubsetOf("peer", "quantile"));
        }
    }

    @Test
    void listsOnlyTheMembersOwnMetricsWhenTwoServersShareTheProcess() throws Exception {
        try (RegionStateStore east = start("east", "east-1"); RegionStateStore west = start("west", "west-1")) {
            east.read(true);
            west.read(true);

            List<RatisMetric> eastMetrics = east.ratisMetrics().scan();
            assertThat(eastMetrics).extracting(m -> m.id().component())
                    .contains("log_worker", "leader_election", "server", "state_machine");
            assertThat(eastMetrics).extracting(RatisMetric::id).as("one metric per name, not one per server").doesNotHaveDuplicates();
            assertThat(eastMetrics).extracting(m -> m.id().peer().map(NodeId::value).orElse("")).containsOnly("", "east-1");
            assertThat(east.ratisMetrics().memberId()).startsWith("east-1@group-");
        }
    }

    @Test
    void seriesGoAwayWithTheMemberOnTheNextRefresh() throws Exception {
        RatisMetrics ratis;
        try (RegionStateStore store = start("east", "east-1")) {
            store.read(true);
            ratis = new RatisMetrics(store.ratisMetrics()::scan, registry);
            ratis.refresh();
            assertThat(Scrape.parse(registry.scrape()).seriesStartingWith("ratis_")).isPositive();
        }
        ratis.refresh();
        assertThat(Scrape.parse(registry.scrape()).seriesStartingWith("ratis_")).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "appendEntryLatency, append_entry_latency",
            "flushCount, flush_count",
            "numWatch-ALL_COMMITTEDRequestTimeout, num_watch_all_committed_request_timeout",
            "follower_append_entry_latency_heartbeat, follower_append_entry_latency_heartbeat",
            "startlogsegmentExecutionTime, startlogsegment_execution_time",
            "peerCommitIndex, peer_commit_index",
            "-x-, x",
    })
    void ratisNamesBecomeLowerSnakeCase(String ratisName, String shown) {
        assertThat(RatisMetrics.snakeCase(ratisName)).isEqualTo(shown);
    }

    private RegionStateStore start(String region, String node) throws IOException {
        NodeId self = NodeId.of(node);
        var settings = new RaftSettings(RegionName.of(region), self, List.of(new RaftSettings.Member(self, new HostPort("127.0.0.1", freePort()))),
                data.resolve(node), Duration.ofMillis(300), Duration.ofMillis(600), RaftSettings.DEFAULT_SNAPSHOT_THRESHOLD,
                0, Duration.ofSeconds(10), RaftSettings.DEFAULT_LOG_SEGMENT_BYTES);
        return RegionStateStore.start(settings);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
