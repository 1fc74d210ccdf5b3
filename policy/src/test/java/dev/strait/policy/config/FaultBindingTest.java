package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A service's {@code faults} list: what it binds to, every problem at its position, and ids unique in a region. */
class FaultBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The list starts on line 12; a fault from faults(...) is on line 13, its '{' at column 13.
    private static final String FEDERATION = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  checkout: {}
                  payments:
            %s
                  ledger:
                    faults:
                      - { id: ledger-slow, delay: { duration: 1s }, until: "2026-12-01T00:00:00Z" }
              eu-west:
                nodes:
                  gw-1:
                    host: 10.0.0.2
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  payments:
                    faults:
                      - { id: slow-api, abort: { status: 500 }, until: "2026-12-01T00:00:00Z" }
            """;
    private static final String FAULTS = "regions.us-east.services.payments.faults";
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final long DECEMBER = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void bindsEveryKey() throws ConfigException {
        List<Fault> faults = faultsOf(faults(
                "{ id: slow-api, path: /api, method: GET, delay: { duration: 200ms, percent: 10 },"
                        + " abort: { status: 503, percent: 5 }, until: \"2026-12-01T00:00:00Z\" }",
                "{ id: broken-post, method: post, abort: { status: 500 }, until: \"2026-12-01T02:00:00+02:00\" }",
                "{ id: all-slow, delay: { duration: 5m }, until: 2026-12-01T00:00:00.250Z }"));

        assertThat(faults).containsExactly(
                new Fault("slow-api", PAYMENTS, Optional.of("/api"), Optional.of("GET"),
                        Optional.of(new Fault.Delay(Duration.ofMillis(200), 10)), Optional.of(new Fault.Abort(503, 5)), DECEMBER),
                // A share left out is every matching call; the method is read case-insensitively; the offset counts.
                new Fault("broken-post", PAYMENTS, Optional.empty(), Optional.of("POST"), Optional.empty(),
                        Optional.of(new Fault.Abort(500, 100)), DECEMBER),
                new Fault("all-slow", PAYMENTS, Optional.empty(), Optional.empty(),
                        Optional.of(new Fault.Delay(Duration.ofMinutes(5), 100)), Optional.empty(), DECEMBER + 250));
    }

    @Test
    void aServiceWithoutFaultsHasNone() throws ConfigException {
        assertThat(faultsOf("        protocol: http1")).isEmpty();
        assertThat(faultsOf("        faults: []")).isEmpty();
    }

    static Stream<Arguments> problems() {
        String until = ", until: \"2026-12-01T00:00:00Z\" }";
        return Stream.of(
                arguments("{ id: slow-api, path: /api, delay: { duration: 200ms, percent: 10 } }", List.of(
                        "13:13: " + FAULTS + "[0]: missing required key 'until'")),
                arguments("{ id: slow-api, delay: { duration: 1s }, untill: 2026-12-01T00:00:00Z }", List.of(
                        "13:13: " + FAULTS + "[0]: missing required key 'until'",
                        "13:54: " + FAULTS + "[0].untill: unknown key 'untill' (did you mean 'until'?)")),
                arguments("{ id: slow-api" + until, List.of(
                        "13:13: " + FAULTS + "[0]: fault 'slow-api' has neither a delay nor an abort (expected: at least one)")),
                arguments("{ id: Slow, abort: { status: 503 }" + until, List.of(
                        "13:19: " + FAULTS + "[0].id: fault id 'Slow' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-',"
                                + " not starting or ending with '-')")),
                arguments("{ id: slow-api, path: api, abort: { status: 503 }" + until, List.of(
                        "13:35: " + FAULTS + "[0].path: path 'api' is not a path prefix (expected: starting with '/', e.g. /api)")),
                arguments("{ id: slow-api, method: \"GE T\", abort: { status: 503 }" + until, List.of(
                        "13:37: " + FAULTS + "[0].method: method 'GE T' is not an HTTP method name (expected: one or more of"
                                + " A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~, such as GET)")),
                arguments("{ id: slow-api, method: M-SEARCH, abort: { status: 503 }" + until, List.of(
                        "13:37: " + FAULTS + "[0].method: method 'M-SEARCH' is not an HTTP method (expected: upper case, e.g. GET)")),
                arguments("{ id: slow-api, delay: { duration: 6m }" + until, List.of(
                        "13:48: " + FAULTS + "[0].delay.duration: duration '6m' is too long (expected: at most 5m)")),
                arguments("{ id: slow-api, delay: { duration: 0ms }" + until, List.of(
                        "13:48: " + FAULTS + "[0].delay.duration: duration '0ms' is too short (expected: at least 1ms)")),
                arguments("{ id: slow-api, delay: { percent: 10 }" + until, List.of(
                        "13:36: " + FAULTS + "[0].delay: missing required key 'duration'")),
                arguments("{ id: slow-api, abort: { status: 503, percent: 101 }" + until, List.of(
                        "13:60: " + FAULTS + "[0].abort.percent: 101 is too large (expected: at most 100)")),
                arguments("{ id: slow-api, abort: { status: 200 }" + until, List.of(
                        "13:46: " + FAULTS + "[0].abort.status: 200 is too small (expected: at least 400)")),
                arguments("{ id: slow-api, abort: { status: 503 }, until: tomorrow }", List.of(
                        "13:60: " + FAULTS + "[0].until: expected an RFC 3339 time such as 2026-12-01T00:00:00Z, got 'tomorrow'")),
                arguments("{ id: slow-api, abort: { status: 503 }, until: \"2026-12-01T00:00:00\" }", List.of(
                        "13:60: " + FAULTS + "[0].until: expected an RFC 3339 time such as 2026-12-01T00:00:00Z, got"
                                + " '2026-12-01T00:00:00'")),
                arguments("{ id: slow-api, abort: { status: 503 }, until: \"1969-12-31T23:00:00Z\" }", List.of(
                        "13:60: " + FAULTS + "[0].until: time '1969-12-31T23:00:00Z' is too early (expected: after"
                                + " 1970-01-01T00:00:00Z)")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void reportsEachProblemWhereItIs(String fault, List<String> expected) {
        assertThat(problemsOf(faults(fault))).containsExactlyElementsOf(expected);
    }

    @Test
    void theListIsAList() {
        assertThat(problemsOf("        faults: { id: slow-api }")).containsExactly(
                "12:17: " + FAULTS + ": expected a list of faults, got a mapping");
    }

    @Test
    void faultIdsAreUniqueInARegionAcrossItsServices() {
        assertThat(problemsOf(faults(
                "{ id: slow-api, delay: { duration: 1s }, until: \"2026-12-01T00:00:00Z\" }",
                "{ id: slow-api, abort: { status: 503 }, until: \"2026-12-01T00:00:00Z\" }",
                "{ id: ledger-slow, abort: { status: 503 }, until: \"2026-12-01T00:00:00Z\" }"))).containsExactly(
                "14:19: " + FAULTS + "[1].id: duplicate fault id 'slow-api' in region 'us-east' (first defined at line 13)",
                "18:19: regions.us-east.services.ledger.faults[0].id: duplicate fault id 'ledger-slow' in region 'us-east'"
                        + " (first defined at line 15, for service 'payments')");
    }

    @Test
    void theSameIdInAnotherRegionIsAnotherFault() throws ConfigException {
        // eu-west declares a 'slow-api' of its own.
        assertThat(faultsOf(faults("{ id: slow-api, delay: { duration: 1s }, until: \"2026-12-01T00:00:00Z\" }")))
                .map(Fault::id).containsExactly("slow-api");
    }

    /** A {@code faults} list of one-line faults, the first on line 13. */
    private static String faults(String... faults) {
        return "        faults:\n" + String.join("\n", Arrays.stream(faults).map(fault -> "          - " + fault).toList());
    }

    private List<Fault> faultsOf(String block) throws ConfigException {
        FederationConfig config = loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks());
        return config.regions().getFirst().service(PAYMENTS).map(ServiceConfig::faults).orElseThrow();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
