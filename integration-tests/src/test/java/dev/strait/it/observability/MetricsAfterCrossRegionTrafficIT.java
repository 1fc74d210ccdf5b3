package dev.strait.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls go from east's local listener to {@code payments} in west, to services that do not exist,
 * and to {@code catalog}, which both regions serve but whose only east endpoint is a port where
 * nothing listens (so east's calls fail over to west). Then {@code GET /metrics} of both nodes
 * shows each call where an operator would look for it, the federation, Raft (Ratis's own metrics
 * too), certificate and JVM series, and no more series after thousands of distinct paths and unknown names than before.
 */
class MetricsAfterCrossRegionTrafficIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @TempDir
    static Path directory;

    static EchoServer westCatalog;
    static TwoRegions federation;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        int nothingListens = FreePorts.take(1).getFirst();
        westCatalog = EchoServer.start(EchoOptions.loopback(ServiceName.of("catalog"), TwoRegions.WEST, EndpointId.of("catalog-1")));
        federation = new TwoRegions(directory)
                .withEastService("catalog", Protocol.HTTP1, new HostPort("127.0.0.1", nothingListens))
                .withWestService("catalog", Protocol.HTTP1, new HostPort("127.0.0.1", westCatalog.port()))
                .start();
        http = new Http();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (federation != null) {
            federation.close();
        }
        if (westCatalog != null) {
            westCatalog.close();
        }
    }

    @Test
    void bothNodesCountTheCallsTheFederationRaftCertificateAndProcess() throws Exception {
        Series eastPayments = Series.of("strait_requests_seconds_count", "listener", "local", "caller_region", "east",
                "service", "payments", "serving_region", "west", "status_class", "2xx");
        Series westPayments = Series.of("strait_requests_seconds_count", "listener", "peer", "caller_region", "east",
                "service", "payments", "serving_region", "west", "status_class", "2xx");
        Series eastUnknown = Series.of("strait_requests_seconds_count", "listener", "local", "caller_region", "east",
                "service", "unknown", "serving_region", "unknown", "status_class", "4xx");
        Series eastUnknownErrors = Series.of("strait_gateway_errors_total", "listener", "local", "code", "unknown_service");
        Series eastCatalog = Series.of("strait_requests_seconds_count", "listener", "local", "caller_region", "east",
                "service", "catalog", "serving_region", "west", "status_class", "2xx");
        Series westCatalog = Series.of("strait_requests_seconds_count", "listener", "peer", "caller_region", "east",
                "service", "catalog", "serving_region", "west", "status_class", "2xx");
        Series failovers = Series.of("strait_failovers_total", "service", "catalog", "from_region", "east", "to_region", "west");
        Metrics eastBefore = scrape(TwoRegions.EAST);
        Metrics westBefore = scrape(TwoRegions.WEST);

        Series accepted = Series.of("strait_peer_connections_accepted_total");
        double acceptedAfterFirstCall = 0;
        for (int i = 0; i < 25; i++) {
            assertServedByWest(http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/charges/" + i), "payments #" + i);
            if (i == 0) {
                acceptedAfterFirstCall = scrape(TwoRegions.WEST).count(accepted);
            }
        }
        for (int i = 0; i < 7; i++) {
            HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "nosuch.mesh", "/");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("x-strait-error")).hasValue("unknown_service");
        }
        for (int i = 0; i < 10; i++) {
            assertServedByWest(http.get(federation.localUrl(TwoRegions.EAST), "catalog.mesh", "/items/" + i), "catalog #" + i);
        }

        // A call is counted once the gateway is done with it, which may be just after the client got the answer.
        awaitCount(TwoRegions.EAST, eastPayments, eastBefore.count(eastPayments) + 25);
        awaitCount(TwoRegions.WEST, westPayments, westBefore.count(westPayments) + 25);
        awaitCount(TwoRegions.EAST, eastUnknown, eastBefore.count(eastUnknown) + 7);
        awaitCount(TwoRegions.EAST, eastUnknownErrors, eastBefore.count(eastUnknownErrors) + 7);
        awaitCount(TwoRegions.EAST, eastCatalog, eastBefore.count(eastCatalog) + 10);
        awaitCount(TwoRegions.WEST, westCatalog, westBefore.count(westCatalog) + 10);
        awaitCount(TwoRegions.EAST, failovers, eastBefore.count(failovers) + 10);

        Metrics east = scrape(TwoRegions.EAST);
        Metrics west = scrape(TwoRegions.WEST);
        // The first catalog call met east's dead endpoint before going to west: at least one retry that ended served.
        assertThat(east.value(Series.of("strait_retries_total", "service", "catalog", "outcome", "served"))).hasValueSatisfying(
                retries -> assertThat(retries).isGreaterThanOrEqualTo(1.0));
        assertThat(west.named("strait_failovers_total")).as("west served every call it got itself").isEmpty();
        assertThat(east.value(Series.of("strait_response_bytes_total", "listener", "local", "service", "payments")))
                .hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
        assertThat(west.value(Series.of("strait_response_bytes_total", "listener", "peer", "service", "payments")))
                .hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
        assertThat(east.value(Series.of("strait_requests_seconds_bucket", "listener", "local", "caller_region", "east",
                "service", "payments", "serving_region", "west", "status_class", "2xx", "le", "+Inf")))
                .hasValue(east.count(eastPayments));

        for (RegionName region : List.of(TwoRegions.EAST, TwoRegions.WEST)) {
            Metrics metrics = region.equals(TwoRegions.EAST) ? east : west;
            String peer = region.equals(TwoRegions.EAST) ? "west" : "east";
            String node = region.value();
            assertThat(metrics.value(Series.of("strait_federation_peer_connected", "peer_region", peer))).as(node).hasValue(1.0);
            assertThat(metrics.value(Series.of("strait_federation_peer_stale", "peer_region", peer))).as(node).hasValue(0.0);
            assertThat(metrics.value(Series.of("strait_federation_peer_lag_seconds", "peer_region", peer))).as(node)
                    .hasValueSatisfying(lag -> assertThat(lag).isBetween(0.0, 60.0));

            // One node per region: it leads its group.
            assertThat(metrics.value(Series.of("strait_raft_role", "role", "leader"))).as(node).hasValue(1.0);
            assertThat(metrics.value(Series.of("strait_raft_role", "role", "follower"))).as(node).hasValue(0.0);
            assertThat(metrics.value(Series.of("strait_raft_role", "role", "candidate"))).as(node).hasValue(0.0);
            assertThat(metrics.value(Series.of("strait_raft_term"))).as(node).hasValueSatisfying(term -> assertThat(term).isGreaterThanOrEqualTo(1.0));
            double applied = metrics.value(Series.of("strait_raft_applied_index")).orElseThrow();
            assertThat(applied).as(node).isGreaterThanOrEqualTo(1.0);
            assertThat(metrics.value(Series.of("strait_raft_commit_index"))).as(node)
                    .hasValueSatisfying(commit -> assertThat(commit).isGreaterThanOrEqualTo(applied));

            double days = metrics.value(Series.of("strait_certificate_expiry_seconds", "certificate", "node")).orElseThrow() / 86_400;
            assertThat(days).as(node + ": days the node certificate has left")
                    .isBetween(FederationCertificates.DEFAULT_LEAF_VALIDITY.toDays() - 1.0, FederationCertificates.DEFAULT_LEAF_VALIDITY.toDays() + 1.0);
            assertThat(metrics.value(Series.of("strait_certificate_expiring", "certificate", "node"))).as(node).hasValue(0.0);

            for (String kind : List.of("endpoint", "gateway")) {
                assertThat(metrics.value(Series.of("strait_upstream_active_requests", "kind", kind))).as(node + " " + kind).hasValue(0.0);
            }

            for (String process : List.of("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                    "jvm_threads_virtual_pinned_seconds_count", "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds",
                    "system_cpu_count")) {
                assertThat(metrics.named(process)).as(node + ": " + process).isNotEmpty();
            }
        }
        // East reaches west over one pooled HTTP/2 connection; west keeps its HTTP/1.1 endpoints' connections alive.
        assertThat(east.value(Series.of("strait_upstream_connections", "protocol", "http2")))
                .hasValueSatisfying(open -> assertThat(open).isGreaterThanOrEqualTo(1.0));
        assertThat(west.value(Series.of("strait_upstream_connections", "protocol", "http1")))
                .hasValueSatisfying(open -> assertThat(open).isGreaterThanOrEqualTo(1.0));
        // The calls east sent west after its first reused one connection: no new TLS handshake at west's peer listener.
        assertThat(acceptedAfterFirstCall).as("west's peer listener accepted east's connection").isGreaterThanOrEqualTo(1.0);
        assertThat(west.count(accepted)).as("connections west accepted during east's next 34 calls").isEqualTo(acceptedAfterFirstCall);
    }

    @Test
    void bothNodesShowRatisOwnMetricsOfTheirRaftMemberOnly() {
        // Both regions' nodes are named gw-1 and run in this one process: each must show its own group's member.
        for (RegionName region : List.of(TwoRegions.EAST, TwoRegions.WEST)) {
            Metrics metrics = scrape(region);
            String node = region.value();
            assertThat(metrics.value(Series.of("ratis_log_worker_append_entry_count_total"))).as(node + ": entries appended")
                    .hasValueSatisfying(entries -> assertThat(entries).isPositive());
            assertThat(metrics.value(Series.of("ratis_log_worker_flush_count_total"))).as(node + ": log flushes")
                    .hasValueSatisfying(flushes -> assertThat(flushes).isPositive());
            assertThat(metrics.value(Series.of("ratis_log_worker_append_entry_latency_seconds_count"))).as(node + ": timed appends")
                    .hasValueSatisfying(appends -> assertThat(appends).isPositive());
            assertThat(metrics.value(Series.of("ratis_leader_election_election_count_total"))).as(node + ": elections")
                    .hasValueSatisfying(elections -> assertThat(elections).isGreaterThanOrEqualTo(1.0));
            // The region's config went through Raft before any call.
            assertThat(metrics.value(Series.of("ratis_state_machine_applied_index"))).as(node + ": applied index")
                    .hasValueSatisfying(index -> assertThat(index).isGreaterThanOrEqualTo(1.0));
            assertThat(metrics.value(Series.of("ratis_server_peer_commit_index", "peer", TwoRegions.NODE.value())))
                    .as(node + ": commit index of its only member").hasValueSatisfying(index -> assertThat(index).isGreaterThanOrEqualTo(1.0));

            List<Series> ratis = metrics.samples().keySet().stream().filter(s -> s.name().startsWith("ratis_")).toList();
            assertThat(ratis).as(node + ": labels of ratis_ series").allSatisfy(series -> {
                assertThat(series.labels().keySet()).isSubsetOf("peer", "quantile");
                assertThat(series.labels().getOrDefault("peer", TwoRegions.NODE.value())).isEqualTo(TwoRegions.NODE.value());
            });
        }
    }

    @Test
    void thousandsOfDistinctPathsAndUnknownNamesAddNoSeries() throws Exception {
        Series eastPayments = Series.of("strait_requests_seconds_count", "listener", "local", "caller_region", "east",
                "service", "payments", "serving_region", "west", "status_class", "2xx");
        Series westPayments = Series.of("strait_requests_seconds_count", "listener", "peer", "caller_region", "east",
                "service", "payments", "serving_region", "west", "status_class", "2xx");
        Series eastUnknown = Series.of("strait_gateway_errors_total", "listener", "local", "code", "unknown_service");
        // Every kind of call the batch makes, once, so that the series it needs exist before counting them.
        assertServedByWest(http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/warm-up"), "warm-up");
        assertThat(http.get(federation.localUrl(TwoRegions.EAST), "warm-up.mesh", "/").statusCode()).isEqualTo(404);
        Metrics eastWarm = scrape(TwoRegions.EAST);
        Metrics westWarm = scrape(TwoRegions.WEST);
        awaitCount(TwoRegions.EAST, eastPayments, Math.max(1, eastWarm.count(eastPayments)));
        awaitCount(TwoRegions.EAST, eastUnknown, Math.max(1, eastWarm.count(eastUnknown)));
        awaitCount(TwoRegions.WEST, westPayments, Math.max(1, westWarm.count(westPayments)));
        Metrics eastBefore = scrape(TwoRegions.EAST);
        Metrics westBefore = scrape(TwoRegions.WEST);

        int calls = 2_000;
        int unknown = 0;
        List<Future<Integer>> statuses = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                boolean unknownService = i % 10 == 0;
                unknown += unknownService ? 1 : 0;
                String host = unknownService ? "nosuch-" + i + ".mesh" : "payments.mesh";
                String path = "/orders/" + i + "/lines/" + (i * 7) + "?page=" + i;
                inFlight.acquire();
                statuses.add(callers.submit(() -> {
                    try {
                        return http.get(federation.localUrl(TwoRegions.EAST), host, path).statusCode();
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        Map<Integer, Long> byStatus = new LinkedHashMap<>();
        for (Future<Integer> status : statuses) {
            byStatus.merge(status.get(), 1L, Long::sum);
        }
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, (long) (calls - unknown), 404, (long) unknown));

        awaitCount(TwoRegions.EAST, eastPayments, eastBefore.count(eastPayments) + calls - unknown);
        awaitCount(TwoRegions.EAST, eastUnknown, eastBefore.count(eastUnknown) + unknown);
        awaitCount(TwoRegions.WEST, westPayments, westBefore.count(westPayments) + calls - unknown);
        Metrics eastAfter = scrape(TwoRegions.EAST);
        Metrics westAfter = scrape(TwoRegions.WEST);
        assertThat(eastAfter.straitSeries()).as("east's strait_ series after %d calls", calls).isEqualTo(eastBefore.straitSeries());
        assertThat(westAfter.straitSeries()).as("west's strait_ series after %d calls", calls).isEqualTo(westBefore.straitSeries());
    }

    @Test
    void everyMetricTheDashboardQueriesIsServedAndEveryEventKindIsCounted() throws Exception {
        Path dashboard = repositoryRoot().resolve("configs/observability/grafana-dashboard.json");
        Set<String> queried = new TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:strait|jvm)_[a-z_]+)").matcher(Files.readString(dashboard));
        while (names.find()) {
            queried.add(names.group(1));
        }
        assertThat(queried).as("metric names the dashboard queries").hasSizeGreaterThan(10);
        // Series with a service or an error code appear with their first call: a failover (east's catalog
        // endpoint is dead) and a gateway error make them.
        assertServedByWest(http.get(federation.localUrl(TwoRegions.EAST), "catalog.mesh", "/dashboard"), "catalog");
        assertThat(http.get(federation.localUrl(TwoRegions.EAST), "nowhere.mesh", "/").statusCode()).isEqualTo(404);

        Set<String> served = new TreeSet<>();
        for (RegionName region : List.of(TwoRegions.EAST, TwoRegions.WEST)) {
            scrape(region).samples().keySet().forEach(series -> served.add(series.name()));
        }
        assertThat(served).as("metric names the nodes serve").containsAll(queried);
        for (RegionName region : List.of(TwoRegions.EAST, TwoRegions.WEST)) {
            Metrics metrics = scrape(region);
            for (String kind : List.of("failover", "failback", "ejection", "region_down", "region_up", "leader_change", "config_apply")) {
                assertThat(metrics.value(Series.of("strait_events_total", "kind", kind))).as("%s counts %s events", region, kind)
                        .isPresent();
            }
            assertThat(metrics.value(Series.of("strait_events_total", "kind", "config_apply")).orElseThrow())
                    .as("%s applied its region's config", region).isGreaterThanOrEqualTo(1.0);
        }
    }

    /** The repository root: the nearest directory up from the working directory that holds {@code configs/}. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }

    private static void assertServedByWest(HttpResponse<String> response, String call) {
        assertThat(response.statusCode()).as("%s: %s", call, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).as(call).hasValue("west");
    }

    private static void awaitCount(RegionName region, Series series, double expected) {
        Await.until(region.value() + "'s " + series + " is " + expected, DEADLINE,
                () -> scrape(region).count(series) == expected);
    }

    /** {@code GET /metrics} of {@code region}'s node, without any token: it is a read. */
    private static Metrics scrape(RegionName region) {
        GatewayNode node = federation.node(region);
        try {
            HttpResponse<String> response = Admin.send(node.adminPort(), "GET", "/metrics", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue(CONTENT_TYPE);
            return Metrics.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A series: a metric name and its exact labels. */
    private record Series(String name, Map<String, String> labels) {
        static Series of(String name, String... labelPairs) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) {
                labels.put(labelPairs[i], labelPairs[i + 1]);
            }
            return new Series(name, Map.copyOf(labels));
        }

        @Override
        public String toString() {
            return name + labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .sorted().collect(Collectors.joining(",", "{", "}"));
        }
    }

    /**
     * One scrape in the Prometheus text format 0.0.4: every sample line as series and value.
     * Comment lines ({@code # HELP}, {@code # TYPE}) are checked to be well formed and skipped.
     */
    private record Metrics(Map<Series, Double> samples) {
        static Metrics parse(String text) {
            Map<Series, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    assertThat(line).matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?");
                    continue;
                }
                Sample sample = new Sample(line);
                Series series = sample.series();
                assertThat(samples.put(series, sample.value())).as("a second sample of %s", series).isNull();
            }
            return new Metrics(samples);
        }

        Optional<Double> value(Series series) {
            return Optional.ofNullable(samples.get(series));
        }

        /** The value of a counter or count, 0 while the series does not exist yet. */
        double count(Series series) {
            return samples.getOrDefault(series, 0.0);
        }

        List<Series> named(String name) {
            return samples.keySet().stream().filter(s -> s.name().equals(name)).toList();
        }

        long straitSeries() {
            return samples.keySet().stream().filter(s -> s.name().startsWith("strait_")).count();
        }
    }

    /** One sample line: {@code name{label="value",...} value}, label values with \\, \" and \n escapes. */
    private static final class Sample {
        private final String line;
        private int at;

        Sample(String line) {
            this.line = line;
        }

        Series series() {
            int start = at;
            while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
                at++;
            }
            String name = line.substring(start, at);
            assertThat(name).as(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.charAt(at) == '{') {
                at++;
                while (line.charAt(at) != '}') {
                    int equals = line.indexOf('=', at);
                    String label = line.substring(at, equals);
                    at = equals + 1;
                    assertThat(line.charAt(at)).as(line).isEqualTo('"');
                    at++;
                    StringBuilder value = new StringBuilder();
                    while (line.charAt(at) != '"') {
                        char c = line.charAt(at++);
                        if (c == '\\') {
                            char escaped = line.charAt(at++);
                            value.append(escaped == 'n' ? '\n' : escaped);
                        } else {
                            value.append(c);
                        }
                    }
                    at++;
                    labels.put(label, value.toString());
                    if (line.charAt(at) == ',') {
                        at++;
                    }
                }
                at++;
            }
            return new Series(name, Map.copyOf(labels));
        }

        /** Call after {@link #series()}. */
        double value() {
            String[] rest = line.substring(at).strip().split(" ");
            return switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
        }
    }
}
