package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.RaftTuning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A region's {@code raft} block: its defaults, its values and each of its rules, table-driven. */
class RaftTuningBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The raft block goes on line 9, so that "    raft: { " puts the first key at column 13.
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
            "'    raft:'",
            "'    raft: {}'",
    })
    void aRegionWithoutTuningGetsTheDefaults(String block) throws ConfigException {
        assertThat(raftOf(block)).isEqualTo(RaftTuning.DEFAULTS);
        assertThat(RaftTuning.DEFAULTS).isEqualTo(new RaftTuning(Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000,
                64L * 1024 * 1024, Duration.ofSeconds(5)));
    }

    @Test
    void readsEveryKey() throws ConfigException {
        RaftTuning raft = raftOf("""
                    raft:
                      electionTimeoutMin: 150ms
                      electionTimeoutMax: 300ms
                      snapshotThreshold: 1
                      minFreeDisk: 512KiB
                      writeTimeout: 1m\
                """);

        assertThat(raft).isEqualTo(new RaftTuning(Duration.ofMillis(150), Duration.ofMillis(300), 1, 512 * 1024,
                Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "minFreeDisk: 0              | 0",
            "minFreeDisk: 1073741824     | 1073741824",
            "minFreeDisk: 3MiB           | 3145728",
            "minFreeDisk: 2GiB           | 2147483648",
    })
    void readsSizesInBytesOrWithAUnit(String entry, long bytes) throws ConfigException {
        assertThat(raftOf("    raft: { " + entry + " }").minFreeDiskBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Durations
            "electionTimeoutMin: 0ms | 9:33: regions.us-east.raft.electionTimeoutMin: duration '0ms' must be more than zero",
            "electionTimeoutMin: 2 | 9:33: regions.us-east.raft.electionTimeoutMin: expected a duration such as 500ms or 2s, got '2' (add a unit: ms, s or m)",
            "writeTimeout: 1h | 9:27: regions.us-east.raft.writeTimeout: expected a duration such as 500ms or 2s, got '1h'",
            "writeTimeout: 1m30s | 9:27: regions.us-east.raft.writeTimeout: expected a duration such as 500ms or 2s, got '1m30s'",
            "writeTimeout: [5s] | 9:27: regions.us-east.raft.writeTimeout: expected a duration such as 500ms or 2s, got a list",
            "writeTimeout: 9999999999m | 9:27: regions.us-east.raft.writeTimeout: duration '9999999999m' is too large",
            // The election timeout range, reported at the maximum when it is written
            "electionTimeoutMin: 2s, electionTimeoutMax: 1s | 9:57: regions.us-east.raft.electionTimeoutMax: electionTimeoutMax 1s must be longer than electionTimeoutMin (2s)",
            "electionTimeoutMax: 800ms | 9:33: regions.us-east.raft.electionTimeoutMax: electionTimeoutMax 800ms must be longer than electionTimeoutMin (1s, the default)",
            "electionTimeoutMin: 2s | 9:33: regions.us-east.raft.electionTimeoutMin: electionTimeoutMin 2s must be shorter than electionTimeoutMax (2s, the default)",
            // The snapshot threshold
            "snapshotThreshold: 0 | 9:32: regions.us-east.raft.snapshotThreshold: 0 is too small (expected: at least 1)",
            "snapshotThreshold: -5 | 9:32: regions.us-east.raft.snapshotThreshold: -5 is too small (expected: at least 1)",
            "snapshotThreshold: '100' | 9:32: regions.us-east.raft.snapshotThreshold: expected an integer, got a quoted string '100' (remove the quotes)",
            "snapshotThreshold: 99999999999999999999 | 9:32: regions.us-east.raft.snapshotThreshold: 99999999999999999999 is too large (expected: at most 9223372036854775807)",
            // Sizes
            "minFreeDisk: -1 | 9:26: regions.us-east.raft.minFreeDisk: -1 is too small (expected: at least 0)",
            "minFreeDisk: 64MB | 9:26: regions.us-east.raft.minFreeDisk: expected a size such as 64MiB or 67108864 (bytes; units: KiB, MiB, GiB), got '64MB'",
            "minFreeDisk: 1.5GiB | 9:26: regions.us-east.raft.minFreeDisk: expected a size such as 64MiB or 67108864 (bytes; units: KiB, MiB, GiB), got '1.5GiB'",
            "minFreeDisk: 99999999999GiB | 9:26: regions.us-east.raft.minFreeDisk: size '99999999999GiB' is too large",
            // Keys
            "snapshotTreshold: 5 | 9:13: regions.us-east.raft.snapshotTreshold: unknown key 'snapshotTreshold' (did you mean 'snapshotThreshold'?)",
            "electionTimeout: 1s | 9:13: regions.us-east.raft.electionTimeout: unknown key 'electionTimeout' (expected one of: electionTimeoutMin, electionTimeoutMax, snapshotThreshold, minFreeDisk, writeTimeout)",
    })
    void reportsEachRule(String entries, String problem) {
        assertThat(problemsOf("    raft: { " + entries + " }")).containsExactly(problem);
    }

    @Test
    void aRaftBlockIsAMapping() {
        assertThat(problemsOf("    raft: fast")).containsExactly("9:11: regions.us-east.raft: expected a mapping, got 'fast'");
    }

    @Test
    void aRegionKeyCloseToRaftIsSuggested() {
        assertThat(problemsOf("    rafts: {}"))
                .containsExactly("9:5: regions.us-east.rafts: unknown key 'rafts' (did you mean 'raft'?)");
    }

    @Test
    void reportsEveryProblemOfTheBlock() {
        assertThat(problemsOf("    raft: { electionTimeoutMin: 0s, snapshotThreshold: 0, minFreeDisk: lots }")).containsExactly(
                "9:33: regions.us-east.raft.electionTimeoutMin: duration '0s' must be more than zero",
                "9:56: regions.us-east.raft.snapshotThreshold: 0 is too small (expected: at least 1)",
                "9:72: regions.us-east.raft.minFreeDisk: expected a size such as 64MiB or 67108864 (bytes; units: KiB, MiB, GiB), got 'lots'");
    }

    private RaftTuning raftOf(String block) throws ConfigException {
        return loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().raft();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
