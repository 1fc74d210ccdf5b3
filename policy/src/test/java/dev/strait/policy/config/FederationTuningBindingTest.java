package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.FederationTuning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A region's {@code federation} block: its defaults, its values, its ranges and each of its rules, table-driven. */
class FederationTuningBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The federation block goes on line 9, so that "    federation: { " puts the first key at column 19.
    private static final String REGION = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
            %s
                services:
                  web:
                    endpoints:
                      - { id: web-1, address: "10.0.1.1:8080" }
            """;

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''",
            "'    federation:'",
            "'    federation: {}'",
            "'    raft: { writeTimeout: 10s }'",
    })
    void aRegionWithoutSettingsGetsTheDefaults(String block) throws ConfigException {
        assertThat(federationOf(block)).isEqualTo(FederationTuning.DEFAULTS);
        assertThat(FederationTuning.DEFAULTS).isEqualTo(new FederationTuning(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofMillis(150), 2, Duration.ofSeconds(5)));
    }

    @Test
    void readsEveryKey() throws ConfigException {
        FederationTuning federation = federationOf("""
                    federation:
                      heartbeatInterval: 500ms
                      staleAfter: 3s
                      probeInterval: 1s
                      probeTimeout: 400ms
                      probeThreshold: 3
                      failbackRamp: 2m\
                """);

        assertThat(federation).isEqualTo(new FederationTuning(Duration.ofMillis(500), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofMillis(400), 3, Duration.ofMinutes(2)));
        assertThat(federation.probeBound()).isEqualTo(Duration.ofMillis(3_400));
    }

    @Test
    void readsTheBoundsOfEachRange() throws ConfigException {
        assertThat(federationOf("    federation: { heartbeatInterval: 50ms, staleAfter: 200ms, probeInterval: 20ms,"
                + " probeTimeout: 1ms, probeThreshold: 1, failbackRamp: 0s }"))
                .isEqualTo(new FederationTuning(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(20),
                        Duration.ofMillis(1), 1, Duration.ZERO));
        assertThat(federationOf("    federation: { heartbeatInterval: 60s, staleAfter: 60m, probeInterval: 1m,"
                + " probeTimeout: 59s, probeThreshold: 10, failbackRamp: 600s }"))
                .isEqualTo(new FederationTuning(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(1),
                        Duration.ofSeconds(59), 10, Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Ranges
            "heartbeatInterval: 49ms | 9:38: regions.us-east.federation.heartbeatInterval: duration '49ms' is too short (expected: at least 50ms)",
            "heartbeatInterval: 0s | 9:38: regions.us-east.federation.heartbeatInterval: duration '0s' is too short (expected: at least 50ms)",
            "heartbeatInterval: 61s | 9:38: regions.us-east.federation.heartbeatInterval: duration '61s' is too long (expected: at most 1m)",
            "staleAfter: 199ms | 9:31: regions.us-east.federation.staleAfter: duration '199ms' is too short (expected: at least 200ms)",
            "staleAfter: 61m | 9:31: regions.us-east.federation.staleAfter: duration '61m' is too long (expected: at most 60m)",
            "probeInterval: 19ms | 9:34: regions.us-east.federation.probeInterval: duration '19ms' is too short (expected: at least 20ms)",
            "probeInterval: 2m | 9:34: regions.us-east.federation.probeInterval: duration '2m' is too long (expected: at most 1m)",
            "failbackRamp: 601s | 9:33: regions.us-east.federation.failbackRamp: duration '601s' is too long (expected: at most 10m)",
            "probeThreshold: 0 | 9:35: regions.us-east.federation.probeThreshold: 0 is too small (expected: at least 1)",
            "probeThreshold: 11 | 9:35: regions.us-east.federation.probeThreshold: 11 is too large (expected: at most 10)",
            // Syntax
            "probeTimeout: 0ms | 9:33: regions.us-east.federation.probeTimeout: duration '0ms' must be more than zero",
            "staleAfter: 1h | 9:31: regions.us-east.federation.staleAfter: expected a duration such as 500ms or 2s, got '1h'",
            "failbackRamp: 5 | 9:33: regions.us-east.federation.failbackRamp: expected a duration such as 500ms or 2s, got '5' (add a unit: ms, s or m)",
            "probeThreshold: '2' | 9:35: regions.us-east.federation.probeThreshold: expected an integer, got a quoted string '2' (remove the quotes)",
            "probeThreshold: 99999999999999999999 | 9:35: regions.us-east.federation.probeThreshold: 99999999999999999999 is too large (expected: at most 10)",
            // The probe timeout, reported at the timeout when it is written
            "probeTimeout: 200ms | 9:33: regions.us-east.federation.probeTimeout: probeTimeout 200ms must be shorter than probeInterval (200ms, the default)",
            "probeInterval: 100ms, probeTimeout: 100ms | 9:55: regions.us-east.federation.probeTimeout: probeTimeout 100ms must be shorter than probeInterval (100ms)",
            "probeInterval: 100ms | 9:34: regions.us-east.federation.probeInterval: probeInterval 100ms must be longer than probeTimeout (150ms, the default)",
            // Staleness, reported at staleAfter when it is written
            "staleAfter: 2s | 9:31: regions.us-east.federation.staleAfter: staleAfter 2s must be longer than twice heartbeatInterval (1s, the default)",
            "heartbeatInterval: 1s, staleAfter: 1500ms | 9:54: regions.us-east.federation.staleAfter: staleAfter 1500ms must be longer than twice heartbeatInterval (1s)",
            "heartbeatInterval: 2500ms | 9:38: regions.us-east.federation.heartbeatInterval: heartbeatInterval 2500ms must be shorter than half of staleAfter (5s, the default)",
            // Keys
            "probeTreshold: 3 | 9:19: regions.us-east.federation.probeTreshold: unknown key 'probeTreshold' (did you mean 'probeThreshold'?)",
            "staleafter: 3s | 9:19: regions.us-east.federation.staleafter: unknown key 'staleafter' (did you mean 'staleAfter'?)",
            "timeout: 1s | 9:19: regions.us-east.federation.timeout: unknown key 'timeout' (expected one of: heartbeatInterval, staleAfter, probeInterval, probeTimeout, probeThreshold, failbackRamp)",
    })
    void reportsEachRule(String entries, String problem) {
        assertThat(problemsOf("    federation: { " + entries + " }")).containsExactly(problem);
    }

    @Test
    void aFederationBlockIsAMapping() {
        assertThat(problemsOf("    federation: fast"))
                .containsExactly("9:17: regions.us-east.federation: expected a mapping, got 'fast'");
    }

    @Test
    void aRegionKeyCloseToFederationIsSuggested() {
        assertThat(problemsOf("    federaton: {}"))
                .containsExactly("9:5: regions.us-east.federaton: unknown key 'federaton' (did you mean 'federation'?)");
    }

    @Test
    void reportsEveryProblemOfTheBlock() {
        assertThat(problemsOf("    federation: { heartbeatInterval: 1s, staleAfter: 2s, probeInterval: 100ms,"
                + " probeThreshold: 0, failbackRamp: 1h }")).containsExactly(
                "9:54: regions.us-east.federation.staleAfter: staleAfter 2s must be longer than twice heartbeatInterval (1s)",
                "9:73: regions.us-east.federation.probeInterval: probeInterval 100ms must be longer than probeTimeout (150ms, the default)",
                "9:96: regions.us-east.federation.probeThreshold: 0 is too small (expected: at least 1)",
                "9:113: regions.us-east.federation.failbackRamp: expected a duration such as 500ms or 2s, got '1h'");
    }

    private FederationTuning federationOf(String block) throws ConfigException {
        return loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().federation();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
