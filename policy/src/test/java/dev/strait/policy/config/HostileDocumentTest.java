package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Documents written to hurt the loader are refused quickly, with one clear problem and its position. */
class HostileDocumentTest {
    private static final Path SOURCE = Path.of("hostile.yaml");
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void refusesBillionLaughsWellWithinASecond() {
        // Ten levels of ten aliases: 10^10 strings if expanded.
        StringBuilder yaml = new StringBuilder("l0: &l0 [" + "lol, ".repeat(9) + "lol]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(IntStream.range(0, 10).mapToObj(i -> previous).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        yaml.append("regions: *l9\n");

        ConfigException refused = assertTimeoutPreemptively(DEADLINE, () -> refuse(yaml.toString()));

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.message()).contains("more than 50 aliases", "billion laughs");
            // The 51st alias: the first of line 7 ("l6: &l6 [*l5, ...").
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.column()).isEqualTo(10);
        });
    }

    @Test
    void refusesTheBillionLaughsExampleWithinASecond() {
        Path file = RepositoryFiles.configs().resolve("invalid/billion-laughs.yaml");

        ConfigException refused = assertTimeoutPreemptively(DEADLINE,
                () -> catchThrowableOfType(ConfigException.class, () -> loader.load(file, LoadOptions.withoutFileChecks())));

        assertThat(refused.problems()).singleElement().extracting(ConfigProblem::message).asString().contains("billion laughs");
    }

    @Test
    void refusesSharingThatStaysUnderTheAliasLimitButExpandsTooFar() {
        // 25 regions share one region, whose 24 services share one service of 2,000 endpoints:
        // 48 aliases, about 6 million values once expanded.
        String endpoints = IntStream.range(0, 2000)
                .mapToObj(i -> "    - { id: e" + i + ", address: \"10.0.0.1:" + (1 + i) + "\" }\n")
                .collect(Collectors.joining());
        String yaml = "federation: f\ntrustDomain: t\nservice: &service\n  endpoints:\n" + endpoints
                + "region: &region\n  nodes: { n: { host: h, ports: { local: 1, peer: 2, admin: 3, raft: 4, federation: 5 } } }\n"
                + "  services:\n" + IntStream.range(0, 24).mapToObj(i -> "    s" + i + ": *service\n").collect(Collectors.joining())
                + "regions:\n" + IntStream.range(0, 25).mapToObj(i -> "  r" + i + ": *region\n").collect(Collectors.joining());

        ConfigException refused = assertTimeoutPreemptively(DEADLINE, () -> refuse(yaml));

        assertThat(refused.problems()).singleElement().extracting(ConfigProblem::message).asString()
                .contains("more than 1000000 values once its aliases are expanded");
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String yaml = "regions: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

        ConfigException refused = assertTimeoutPreemptively(DEADLINE, () -> refuse(yaml));

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile)
                .containsExactly("1:73: nesting deeper than 64 levels is not allowed");
    }

    @Test
    void refusesRecursiveAliases() {
        ConfigException refused = refuse("federation: f\nregions: &r { us-east: *r }\n");

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactly(
                "2:24: alias '*r' is inside the collection it refers to; recursive structures are not allowed");
    }

    @Test
    void refusesEveryExplicitTagEvenStandardOnesAndReportsThemAll() {
        ConfigException refused = refuse("""
                federation: !!str test
                trustDomain: ! strait.test
                regions: !!python/object/new:os.system [rm -rf /]
                ? !custom key
                : value
                """);

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactly(
                "1:13: federation: YAML tags are not allowed (found '!!str')",
                "2:14: trustDomain: YAML tags are not allowed (found '!')",
                "3:10: regions: YAML tags are not allowed (found '!!python/object/new:os.system')",
                "4:3: key: YAML tags are not allowed (found '!custom')");
    }

    @Test
    void refusesOversizedTextBeforeParsingIt() {
        String yaml = "federation: " + "x".repeat(DocumentLimits.MAX_BYTES) + "\n";

        ConfigException refused = assertTimeoutPreemptively(DEADLINE, () -> refuse(yaml));

        assertThat(refused.problems()).map(ConfigProblem::message)
                .containsExactly("the config is larger than 4194304 bytes (4 MiB); refusing it");
    }

    @Test
    void refusesControlCharactersWithTheirPosition() {
        ConfigException refused = refuse("federation: test\ntrustDomain: a\u0007b\n");

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile)
                .containsExactly("2:15: malformed YAML: special characters are not allowed (U+0007)");
    }

    private ConfigException refuse(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks()));
    }
}
