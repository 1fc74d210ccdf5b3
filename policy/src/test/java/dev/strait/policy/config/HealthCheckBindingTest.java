package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.HealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A service's {@code healthCheck} block: its defaults, its two kinds and each of its rules, table-driven. */
class HealthCheckBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The block goes on line 11, so that "        healthCheck: { " puts the first key at column 24.
    private static final String SERVICE = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web:
            %s
                    endpoints:
                      - { id: web-1, address: "10.0.1.1:8080" }
            """;

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"''", "'        healthCheck:'", "'        healthCheck: ~'", "'        healthCheck: null'"})
    void aServiceWithoutACheckHasNone(String block) throws ConfigException {
        assertThat(checkOf(block)).isEqualTo(HealthCheck.NONE);
    }

    @Test
    void anHttpCheckGetsTheDefaultTimingAndThresholds() throws ConfigException {
        assertThat(checkOf("        healthCheck: { http: /healthz }"))
                .isEqualTo(new HealthCheck.Http("/healthz", Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 3))
                .isEqualTo(HealthCheck.http("/healthz"));
    }

    @Test
    void aTcpCheckGetsTheDefaultTimingAndThresholds() throws ConfigException {
        assertThat(checkOf("        healthCheck: { tcp: true }"))
                .isEqualTo(new HealthCheck.Tcp(Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 3))
                .isEqualTo(HealthCheck.tcp());
    }

    @Test
    void readsEveryKey() throws ConfigException {
        HealthCheck check = checkOf("""
                        healthCheck:
                          http: /status/ready?probe=gateway
                          interval: 1m
                          timeout: 1500ms
                          healthyThreshold: 1
                          unhealthyThreshold: 10\
                """);

        assertThat(check).isEqualTo(new HealthCheck.Http("/status/ready?probe=gateway", Duration.ofMinutes(1),
                Duration.ofMillis(1500), 1, 10));
        assertThat(check).isInstanceOfSatisfying(HealthCheck.Active.class,
                active -> assertThat(active.interval()).isEqualTo(Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Exactly one kind, reported at the later key, or at the block when neither is there
            "http: /x, tcp: true | 11:34: regions.us-east.services.web.healthCheck.tcp: both 'http' and 'tcp' are set (a health check needs exactly one of 'http: <path>' and 'tcp: true')",
            "tcp: true, http: /x | 11:35: regions.us-east.services.web.healthCheck.http: both 'http' and 'tcp' are set (a health check needs exactly one of 'http: <path>' and 'tcp: true')",
            "interval: 10s | 11:22: regions.us-east.services.web.healthCheck: missing 'http' or 'tcp' (a health check needs exactly one of 'http: <path>' and 'tcp: true')",
            "http: ~ | 11:22: regions.us-east.services.web.healthCheck: missing 'http' or 'tcp' (a health check needs exactly one of 'http: <path>' and 'tcp: true')",
            // The kinds' values
            "http: healthz | 11:30: regions.us-east.services.web.healthCheck.http: health check path 'healthz' is not valid (expected: a path starting with '/', without spaces, such as /healthz)",
            "http: /health z | 11:30: regions.us-east.services.web.healthCheck.http: health check path '/health z' is not valid (expected: a path starting with '/', without spaces, such as /healthz)",
            "http: [/healthz] | 11:30: regions.us-east.services.web.healthCheck.http: expected a request path such as /healthz, got a list",
            "tcp: false | 11:29: regions.us-east.services.web.healthCheck.tcp: expected true (to check by HTTP, use 'http: <path>'; for no active check, leave out 'healthCheck')",
            "tcp: yes | 11:29: regions.us-east.services.web.healthCheck.tcp: expected true or false, got 'yes'",
            // Timing: the timeout is shorter than the interval, reported at the timeout when it is written
            "tcp: true, interval: 2s, timeout: 2s | 11:58: regions.us-east.services.web.healthCheck.timeout: timeout 2s must be shorter than interval (2s)",
            "tcp: true, timeout: 5s | 11:44: regions.us-east.services.web.healthCheck.timeout: timeout 5s must be shorter than interval (5s, the default)",
            "tcp: true, interval: 500ms | 11:45: regions.us-east.services.web.healthCheck.interval: interval 500ms must be longer than timeout (1s, the default)",
            "tcp: true, interval: 0s | 11:45: regions.us-east.services.web.healthCheck.interval: duration '0s' must be more than zero",
            "tcp: true, timeout: 1 | 11:44: regions.us-east.services.web.healthCheck.timeout: expected a duration such as 500ms or 2s, got '1' (add a unit: ms, s or m)",
            // Thresholds
            "tcp: true, healthyThreshold: 0 | 11:53: regions.us-east.services.web.healthCheck.healthyThreshold: 0 is too small (expected: at least 1)",
            "tcp: true, unhealthyThreshold: 0 | 11:55: regions.us-east.services.web.healthCheck.unhealthyThreshold: 0 is too small (expected: at least 1)",
            "tcp: true, healthyThreshold: 3000000000 | 11:53: regions.us-east.services.web.healthCheck.healthyThreshold: 3000000000 is too large (expected: at most 2147483647)",
            "tcp: true, healthyThreshold: two | 11:53: regions.us-east.services.web.healthCheck.healthyThreshold: expected an integer, got 'two'",
            // Keys
            "tcp: true, intervall: 5s | 11:35: regions.us-east.services.web.healthCheck.intervall: unknown key 'intervall' (did you mean 'interval'?)",
            "grpc: true | 11:24: regions.us-east.services.web.healthCheck.grpc: unknown key 'grpc' (expected one of: http, tcp, interval, timeout, healthyThreshold, unhealthyThreshold)",
    })
    void reportsEachRule(String entries, String problem) {
        List<String> problems = problemsOf("        healthCheck: { " + entries + " }");

        // An unknown key alone leaves the block without a kind; that is reported too, and is not what is tested here.
        assertThat(problems).contains(problem);
        assertThat(problems).hasSize(entries.startsWith("grpc") ? 2 : 1);
    }

    @Test
    void aHealthCheckIsAMapping() {
        assertThat(problemsOf("        healthCheck: true"))
                .containsExactly("11:22: regions.us-east.services.web.healthCheck: expected a mapping, got 'true'");
    }

    @Test
    void aServiceKeyCloseToHealthCheckIsSuggested() {
        assertThat(problemsOf("        healthcheck: { tcp: true }")).containsExactly(
                "11:9: regions.us-east.services.web.healthcheck: unknown key 'healthcheck' (did you mean 'healthCheck'?)");
    }

    @Test
    void reportsEveryProblemOfTheBlock() {
        assertThat(problemsOf("        healthCheck: { http: /x, tcp: true, timeout: 9s, unhealthyThreshold: 0 }")).containsExactly(
                "11:34: regions.us-east.services.web.healthCheck.tcp: both 'http' and 'tcp' are set (a health check needs exactly one of 'http: <path>' and 'tcp: true')",
                "11:54: regions.us-east.services.web.healthCheck.timeout: timeout 9s must be shorter than interval (5s, the default)",
                "11:78: regions.us-east.services.web.healthCheck.unhealthyThreshold: 0 is too small (expected: at least 1)");
    }

    private HealthCheck checkOf(String block) throws ConfigException {
        return loader.load(SERVICE.formatted(block), SOURCE, LoadOptions.withoutFileChecks())
                .regions().getFirst().services().getFirst().healthCheck();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(SERVICE.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
