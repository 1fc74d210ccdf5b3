package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads every file in {@code configs/invalid/} and checks that it produces exactly the problems its
 * {@code # expect:} lines name, positions included. {@code {dir}} in an expectation stands for the
 * file's directory; {@code # options: check-files} loads the file with certificate file checks.
 */
class InvalidConfigsTest {
    private static final String EXPECT = "# expect: ";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    static List<Path> invalidConfigs() {
        return RepositoryFiles.yamlFilesIn("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsExactlyTheExpectedProblems(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).as("the first line names the expected problem").first().asString().startsWith(EXPECT);
        List<String> expected = lines.stream()
                .takeWhile(line -> line.startsWith("#"))
                .filter(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length()).replace("{dir}", file.getParent().toString()))
                .toList();
        LoadOptions options = lines.contains("# options: check-files") ? LoadOptions.defaults() : LoadOptions.withoutFileChecks();

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file, options));

        assertThat(refused).as("%s must be refused", file.getFileName()).isNotNull();
        assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(file));
        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyRuleHasABrokenExample() {
        assertThat(invalidConfigs()).map(file -> file.getFileName().toString()).contains(
                "malformed.yaml", "unknown-key.yaml", "wrong-type.yaml", "missing-required.yaml",
                "duplicate-key.yaml", "duplicate-endpoint.yaml", "unknown-region.yaml", "failover-self.yaml",
                "service-failover-self.yaml", "failover-duplicate.yaml", "port-clash.yaml",
                "port-clash-endpoint.yaml", "port-out-of-range.yaml", "bad-address.yaml", "missing-cert.yaml",
                "not-dns-label.yaml", "bad-trust-domain.yaml", "bad-mesh-suffix.yaml", "bad-enum.yaml",
                "type-tag.yaml", "billion-laughs.yaml", "recursive-alias.yaml", "deep-nesting.yaml",
                "bad-duration.yaml", "bad-size.yaml", "election-timeout-order.yaml", "raft-threshold-zero.yaml",
                "health-check-both.yaml", "health-check-neither.yaml", "health-check-path.yaml",
                "health-timeout-not-below-interval.yaml", "health-threshold-zero.yaml", "federation-duration-range.yaml",
                "federation-probe-threshold-range.yaml", "federation-probe-timeout-not-below-interval.yaml",
                "federation-stale-after-too-short.yaml", "authorization-bad-action.yaml", "authorization-empty-from.yaml",
                "authorization-bad-caller.yaml", "authorization-unknown-service.yaml", "authorization-unknown-region.yaml",
                "authorization-foreign-trust-domain.yaml", "authorization-bad-method.yaml", "authorization-empty-list.yaml",
                "authorization-path-two-kinds.yaml", "authorization-bad-path.yaml", "authorization-header-no-condition.yaml",
                "authorization-shadowed-rule.yaml", "authorization-allow-never-applies.yaml", "local-callers-bad-range.yaml",
                "local-callers-unknown-key.yaml", "local-callers-never-applies.yaml",
                "local-listener-client-certificate-plaintext.yaml", "local-listener-never-applies.yaml",
                "endpoint-metadata-key.yaml", "traffic-unknown-key.yaml", "traffic-split-weights.yaml",
                "traffic-unknown-subset.yaml", "traffic-unknown-region.yaml", "traffic-split-own-region.yaml",
                "traffic-shadowed-route.yaml", "traffic-route-after-catch-all.yaml", "traffic-reserved-header.yaml",
                "traffic-per-try-timeout.yaml", "fault-without-until.yaml", "fault-duplicate-id.yaml");
    }
}
