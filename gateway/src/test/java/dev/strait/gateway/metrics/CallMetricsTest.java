package dev.strait.gateway.metrics;

import static dev.strait.gateway.metrics.CallOutcomes.EAST;
import static dev.strait.gateway.metrics.CallOutcomes.WEST;
import static dev.strait.gateway.metrics.CallOutcomes.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.strait.gateway.pipeline.CallOutcome;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.policy.model.RegionName;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CallMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CallMetrics metrics = new CallMetrics(registry, () -> CallOutcomes.SNAPSHOT);

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("a local call served across regions",
                        call(Listener.LOCAL, EAST, "payments", WEST).build(),
                        requests("local", "east", "payments", "west", "2xx")),
                Arguments.of("a call a peer gateway carried here",
                        call(Listener.PEER, WEST, "web", EAST).build(),
                        requests("peer", "west", "web", "east", "2xx")),
                Arguments.of("a service no region serves to this one",
                        call(Listener.LOCAL, EAST, "ghost", WEST).build(),
                        requests("local", "east", "unknown", "west", "2xx")),
                Arguments.of("an unknown service, refused before routing",
                        new CallOutcomes.Builder(Listener.LOCAL).caller(EAST).noService("nosuch.mesh").neverForwarded()
                                .error(GatewayError.UNKNOWN_SERVICE).build(),
                        requests("local", "east", "unknown", "unknown", "4xx")),
                Arguments.of("regions that are not of the federation",
                        call(Listener.PEER, RegionName.of("mars"), "web", RegionName.of("venus")).build(),
                        requests("peer", "unknown", "web", "unknown", "2xx")),
                Arguments.of("an upstream's 5xx",
                        call(Listener.LOCAL, EAST, "web", EAST).status(503).build(),
                        requests("local", "east", "web", "east", "5xx")),
                Arguments.of("a malformed request: nothing known",
                        new CallOutcomes.Builder(Listener.LOCAL).noService("").neverForwarded().error(GatewayError.BAD_REQUEST).build(),
                        requests("local", "unknown", "unknown", "unknown", "4xx")));
    }

    private static Map<String, String> requests(String listener, String callerRegion, String service, String servingRegion,
            String statusClass) {
        return Map.of("listener", listener, "caller_region", callerRegion, "service", service, "serving_region", servingRegion,
                "status_class", statusClass);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachCallIsCountedOnceUnderItsBoundedLabels(String what, CallOutcome outcome, Map<String, String> labels) {
        metrics.completed(outcome);
        metrics.completed(outcome);

        Scrape scrape = scrape();
        assertThat(scrape.value("strait_requests_seconds_count", labels)).as(what).hasValue(2.0);
        assertThat(scrape.named("strait_requests_seconds_count")).as("no other series of " + what).hasSize(1);
    }

    @Test
    void gatewayErrorsAreCountedByListenerAndCode() {
        metrics.completed(new CallOutcomes.Builder(Listener.LOCAL).caller(EAST).noService("a.mesh").neverForwarded()
                .error(GatewayError.UNKNOWN_SERVICE).build());
        metrics.completed(new CallOutcomes.Builder(Listener.LOCAL).caller(EAST).noService("b.mesh").neverForwarded()
                .error(GatewayError.UNKNOWN_SERVICE).build());
        metrics.completed(call(Listener.PEER, WEST, "web", EAST).error(GatewayError.NO_HEALTHY_UPSTREAM).build());
        metrics.completed(call(Listener.LOCAL, EAST, "web", EAST).build());

        Scrape scrape = scrape();
        assertThat(scrape.value("strait_gateway_errors_total", Map.of("listener", "local", "code", "unknown_service"))).hasValue(2.0);
        assertThat(scrape.value("strait_gateway_errors_total", Map.of("listener", "peer", "code", "no_healthy_upstream"))).hasValue(1.0);
        assertThat(scrape.named("strait_gateway_errors_total")).hasSize(2);
    }

    @Test
    void aCallServedByAnotherRegionThanItsFirstChoiceIsAFailoverAndItsExtraAttemptsAreRetries() {
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).served(EAST, WEST, 2).build());
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).served(EAST, WEST, 1).build());
        metrics.completed(call(Listener.LOCAL, EAST, "payments", EAST).served(EAST, EAST, 3).error(GatewayError.UPSTREAM_UNAVAILABLE).build());

        Scrape scrape = scrape();
        assertThat(scrape.value("strait_failovers_total", Map.of("service", "payments", "from_region", "east", "to_region", "west")))
                .hasValue(2.0);
        assertThat(scrape.named("strait_failovers_total")).hasSize(1);
        assertThat(scrape.value("strait_retries_total", Map.of("service", "payments", "outcome", "served"))).hasValue(1.0);
        assertThat(scrape.value("strait_retries_total", Map.of("service", "payments", "outcome", "failed"))).hasValue(2.0);
    }

    @Test
    void aCallServedWhereItWasFirstSentIsNeitherAFailoverNorARetry() {
        metrics.completed(call(Listener.LOCAL, EAST, "payments", EAST).build());

        Scrape scrape = scrape();
        assertThat(scrape.named("strait_failovers_total")).isEmpty();
        assertThat(scrape.named("strait_retries_total")).isEmpty();
    }

    @Test
    void bytesAreSummedByListenerAndService() {
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).bytes(100, 2_000).build());
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).bytes(50, 1_000).build());

        Scrape scrape = scrape();
        assertThat(scrape.value("strait_request_bytes_total", Map.of("listener", "local", "service", "payments"))).hasValue(150.0);
        assertThat(scrape.value("strait_response_bytes_total", Map.of("listener", "local", "service", "payments"))).hasValue(3_000.0);
    }

    @Test
    void durationsFallIntoTheHistogramsBuckets() {
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).tookMillis(3).build());
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).tookMillis(40).build());

        Scrape scrape = scrape();
        Map<String, String> series = requests("local", "east", "payments", "west", "2xx");
        assertThat(scrape.value("strait_requests_seconds_bucket", with(series, "le", "0.002"))).hasValue(0.0);
        assertThat(scrape.value("strait_requests_seconds_bucket", with(series, "le", "0.005"))).hasValue(1.0);
        assertThat(scrape.value("strait_requests_seconds_bucket", with(series, "le", "0.05"))).hasValue(2.0);
        assertThat(scrape.value("strait_requests_seconds_bucket", with(series, "le", "+Inf"))).hasValue(2.0);
        assertThat(scrape.value("strait_requests_seconds_sum", series)).hasValueSatisfying(sum -> assertThat(sum).isEqualTo(0.043,
                org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void distinctPathsAndUnknownNamesAddNoSeries() {
        metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).path("/first").build());
        metrics.completed(new CallOutcomes.Builder(Listener.LOCAL).caller(EAST).service("nosuch-0").neverForwarded()
                .error(GatewayError.UNKNOWN_SERVICE).build());
        metrics.completed(call(Listener.PEER, RegionName.of("mars"), "web", EAST).build());
        long before = scrape().seriesStartingWith("strait_");

        for (int i = 1; i <= 1_000; i++) {
            metrics.completed(call(Listener.LOCAL, EAST, "payments", WEST).path("/orders/" + i).build());
            metrics.completed(new CallOutcomes.Builder(Listener.LOCAL).caller(EAST).service("nosuch-" + i).neverForwarded()
                    .error(GatewayError.UNKNOWN_SERVICE).build());
            metrics.completed(call(Listener.PEER, RegionName.of("planet-" + i), "web", EAST).build());
        }

        Scrape scrape = scrape();
        assertThat(scrape.seriesStartingWith("strait_")).isEqualTo(before);
        assertThat(scrape.value("strait_requests_seconds_count", requests("local", "east", "unknown", "unknown", "4xx"))).hasValue(1_001.0);
    }

    @ParameterizedTest
    @CsvSource({"101, 1xx", "200, 2xx", "204, 2xx", "302, 3xx", "404, 4xx", "499, 4xx", "500, 5xx", "599, 5xx", "0, unknown", "600, unknown"})
    void statusesAreCountedByClass(int status, String statusClass) {
        assertThat(BoundedLabels.statusClass(status)).isEqualTo(statusClass);
    }

    @Test
    void aFailureToRecordNeverReachesTheCall() {
        CallMetrics broken = new CallMetrics(registry, () -> {
            throw new IllegalStateException("no snapshot");
        });

        assertThatCode(() -> broken.completed(call(Listener.LOCAL, EAST, "payments", WEST).build())).doesNotThrowAnyException();
    }

    private Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        var more = new java.util.HashMap<>(labels);
        more.put(name, value);
        return more;
    }
}
