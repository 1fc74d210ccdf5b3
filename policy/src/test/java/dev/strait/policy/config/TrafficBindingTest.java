package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.Backoff;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.CompiledTraffic;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.HeaderEdits;
import dev.strait.policy.traffic.RateLimit;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import dev.strait.policy.traffic.RouteMatch;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficPolicy;
import dev.strait.policy.traffic.TrafficRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service's {@code traffic} block: what it binds to, the defaults of what it leaves out, every
 * problem at its position, and the block judged as a whole against the federation's regions.
 */
class TrafficBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The block starts on line 12; a block from traffic(...) has its first line on line 13, at column 11.
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
              eu-west:
                nodes:
                  gw-1:
                    host: 10.0.0.2
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  payments: {}
              ap-south:
                nodes:
                  gw-1:
                    host: 10.0.0.3
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
            """;
    private static final String TRAFFIC = "regions.us-east.services.payments.traffic";
    private static final RegionName EU_WEST = RegionName.of("eu-west");

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void bindsEveryKey() throws ConfigException {
        TrafficPolicy policy = trafficOf(traffic(
                "subsets: { v1: { version: v1 }, v2: { version: v2, track: canary } }",
                "timeout: 2s",
                "perTryTimeout: 500ms",
                "retries: { attempts: 4, on: [connect-failure, reset, gateway-error, retriable-status], statuses: [409],"
                        + " backoff: { base: 25ms, max: 250ms } }",
                "circuitBreaker: { maxConnections: 100, maxPendingRequests: 10, maxRequests: 200 }",
                "rateLimit: { requestsPerSecond: 50, burst: 100 }",
                "requestHeaders: { set: { x-env: prod }, add: { x-via: strait }, remove: [x-debug] }",
                "responseHeaders: { remove: [Server] }",
                "routes:",
                "  - name: canary",
                "    match: { paths: [ { prefix: /api } ], methods: [get], headers: [ { name: X-Canary, exact: \"1\" } ] }",
                "    split: [ { subset: v2, weight: 90 }, { region: eu-west, weight: 10 } ]",
                "    timeout: 1s",
                "    perTryTimeout: 300ms",
                "    retries: { attempts: 2, on: [5xx] }",
                "    rateLimit: { requestsPerSecond: 0.5, burst: 2 }",
                "    requestHeaders: { set: { x-route: canary } }",
                "    responseHeaders: { add: { x-served-by: canary } }",
                "  - split: [ { subset: v1, weight: 100 } ]"));

        RouteSettings defaults = new RouteSettings(Optional.of(Duration.ofSeconds(2)), Optional.of(Duration.ofMillis(500)),
                Optional.of(new RetryRules(4, Set.of(RetryOn.CONNECT_FAILURE, RetryOn.RESET, RetryOn.GATEWAY_ERROR,
                        RetryOn.RETRIABLE_STATUS), Set.of(409), new Backoff(Duration.ofMillis(25), Duration.ofMillis(250)))),
                Optional.of(new RateLimit(50, 100)),
                new HeaderEdits(Map.of("x-env", "prod"), Map.of("x-via", "strait"), List.of("x-debug")),
                new HeaderEdits(Map.of(), Map.of(), List.of("server")));
        TrafficRoute canary = new TrafficRoute(Optional.of("canary"),
                new RouteMatch(List.of(PathMatch.prefix("/api")), Set.of("GET"),
                        List.of(new HeaderMatch("x-canary", new HeaderMatch.Exact("1")))),
                List.of(new Destination.ToSubset("v2", 90), new Destination.ToRegion(EU_WEST, 10)),
                new RouteSettings(Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofMillis(300)),
                        Optional.of(new RetryRules(2, Set.of(RetryOn.SERVER_ERROR), Set.of(), Backoff.NONE)),
                        Optional.of(new RateLimit(0.5, 2)),
                        new HeaderEdits(Map.of("x-route", "canary"), Map.of(), List.of()),
                        new HeaderEdits(Map.of(), Map.of("x-served-by", "canary"), List.of())));
        TrafficRoute rest = TrafficRoute.of(RouteMatch.ANY).withSplit(List.of(new Destination.ToSubset("v1", 100)));
        assertThat(policy).isEqualTo(new TrafficPolicy(
                List.of(new Subset("v1", Map.of("version", "v1")), new Subset("v2", Map.of("version", "v2", "track", "canary"))),
                defaults, new CircuitBreaker(100, 10, 200), List.of(canary, rest)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"        protocol: http1", "        traffic:", "        traffic: ~", "        traffic: {}"})
    void aServiceWithoutTrafficRulesHasTheDefaults(String block) throws ConfigException {
        assertThat(trafficOf(block)).isEqualTo(TrafficPolicy.NONE);
    }

    @Test
    void keysLeftOutTakeTheirDefaults() throws ConfigException {
        TrafficPolicy policy = trafficOf(traffic(
                "retries: { attempts: 5 }",
                "circuitBreaker: { maxRequests: 64 }",
                "rateLimit: { requestsPerSecond: 2.5 }",
                "routes: [ { name: api, match: { methods: [POST] } } ]"));

        RetryRules defaults = RetryRules.DEFAULT;
        assertThat(policy.defaults().retries()).contains(new RetryRules(5, defaults.on(), Set.of(), Backoff.NONE));
        assertThat(policy.defaults().timeout()).isEmpty();
        assertThat(policy.circuitBreaker()).isEqualTo(new CircuitBreaker(1024, 1024, 64));
        // The burst is a second's worth of calls, rounded up.
        assertThat(policy.defaults().rateLimit()).contains(new RateLimit(2.5, 3));
        assertThat(policy.routes()).containsExactly(new TrafficRoute(Optional.of("api"),
                new RouteMatch(List.of(), Set.of("POST"), List.of()), List.of(), RouteSettings.NONE));
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                // The block and its keys
                arguments(new String[] {"timeout: 2s", "perTryTimout: 1s"}, List.of(
                        "14:11: " + TRAFFIC + ".perTryTimout: unknown key 'perTryTimout' (did you mean 'perTryTimeout'?)")),
                arguments(new String[] {"routes: [ { name: api, circuitBreaker: { maxRequests: 1 } } ]"}, List.of(
                        "13:34: " + TRAFFIC + ".routes[0].circuitBreaker: unknown key 'circuitBreaker' (expected one of:"
                                + " name, match, split, timeout, perTryTimeout, retries, rateLimit, requestHeaders,"
                                + " responseHeaders)")),
                arguments(new String[] {"timeout: 2"}, List.of(
                        "13:20: " + TRAFFIC + ".timeout: expected a duration such as 500ms or 2s, got '2' (add a unit: ms, s or m)")),
                arguments(new String[] {"perTryTimeout: 0ms"}, List.of(
                        "13:26: " + TRAFFIC + ".perTryTimeout: duration '0ms' must be more than zero")),
                arguments(new String[] {"routes: { name: api }"}, List.of(
                        "13:19: " + TRAFFIC + ".routes: expected a list of routes, got a mapping")),
                // subsets
                arguments(new String[] {"subsets: { V1: { version: v1 } }"}, List.of(
                        "13:22: " + TRAFFIC + ".subsets.V1: subset name 'V1' is not a DNS label (expected: 1-63 of a-z, 0-9"
                                + " and '-', not starting or ending with '-')")),
                arguments(new String[] {"subsets: { v1: {} }"}, List.of(
                        "13:26: " + TRAFFIC + ".subsets.v1: subset 'v1' has no labels, so it would select every endpoint"
                                + " (expected: at least one label, such as version: v1)")),
                arguments(new String[] {"subsets: { v1: { _version: v1 } }"}, List.of(
                        "13:28: " + TRAFFIC + ".subsets.v1._version: subset labels: key '_version' is not valid (expected:"
                                + " 1-63 of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit)")),
                arguments(new String[] {"subsets: { v1: [version] }"}, List.of(
                        "13:26: " + TRAFFIC + ".subsets.v1: expected a mapping of keys to values, such as { version: v1 },"
                                + " got a list")),
                // retries
                arguments(new String[] {"retries: { attempts: 11 }"}, List.of(
                        "13:32: " + TRAFFIC + ".retries.attempts: 11 is too large (expected: at most 10)")),
                arguments(new String[] {"retries: { on: [reset, timeout] }"}, List.of(
                        "13:34: " + TRAFFIC + ".retries.on[1]: unknown retry condition 'timeout' (expected one of:"
                                + " connect-failure, refused, reset, gateway-error, 5xx, retriable-status)")),
                arguments(new String[] {"retries: { on: [reset, reset] }"}, List.of(
                        "13:34: " + TRAFFIC + ".retries.on[1]: condition 'reset' appears twice")),
                arguments(new String[] {"retries: { on: [] }"}, List.of(
                        "13:26: " + TRAFFIC + ".retries.on: expected at least one condition (for no retries, use 'attempts: 1')")),
                arguments(new String[] {"retries: { statuses: [409] }"}, List.of(
                        "13:32: " + TRAFFIC + ".retries.statuses: lists statuses [409] but does not retry on retriable-status"
                                + " (expected: retriable-status in 'on', or no statuses)")),
                arguments(new String[] {"retries: { on: [retriable-status] }"}, List.of(
                        "13:26: " + TRAFFIC + ".retries.on: retries on retriable-status but lists no statuses (expected:"
                                + " statuses such as [409])")),
                arguments(new String[] {"retries: { on: [retriable-status], statuses: [409, 700] }"}, List.of(
                        "13:62: " + TRAFFIC + ".retries.statuses[1]: 700 is too large (expected: at most 599)")),
                arguments(new String[] {"retries: { backoff: { base: 250ms, max: 25ms } }"}, List.of(
                        "13:51: " + TRAFFIC + ".retries.backoff.max: backoff max 25 ms is shorter than its base 250 ms"
                                + " (expected: at least the base)")),
                arguments(new String[] {"retries: { backoff: { base: 25ms } }"}, List.of(
                        "13:31: " + TRAFFIC + ".retries.backoff: missing required key 'max'")),
                // circuitBreaker and rateLimit
                arguments(new String[] {"circuitBreaker: { maxConnections: 0 }"}, List.of(
                        "13:45: " + TRAFFIC + ".circuitBreaker.maxConnections: 0 is too small (expected: at least 1)")),
                arguments(new String[] {"rateLimit: { requestsPerSecond: 0 }"}, List.of(
                        "13:43: " + TRAFFIC + ".rateLimit.requestsPerSecond: 0 is too small (expected: more than 0)")),
                arguments(new String[] {"rateLimit: { requestsPerSecond: \"50\" }"}, List.of(
                        "13:43: " + TRAFFIC + ".rateLimit.requestsPerSecond: expected a number of calls per second such as"
                                + " 50 or 0.5, got a quoted string '50' (remove the quotes)")),
                arguments(new String[] {"rateLimit: { requestsPerSecond: fast, burst: 0 }"}, List.of(
                        "13:43: " + TRAFFIC + ".rateLimit.requestsPerSecond: expected a number of calls per second such as"
                                + " 50 or 0.5, got 'fast'",
                        "13:56: " + TRAFFIC + ".rateLimit.burst: 0 is too small (expected: at least 1)")),
                arguments(new String[] {"rateLimit: { burst: 10 }"}, List.of(
                        "13:22: " + TRAFFIC + ".rateLimit: missing required key 'requestsPerSecond'")),
                // header edits
                arguments(new String[] {"requestHeaders: { set: { x-strait-source: me } }"}, List.of(
                        "13:36: " + TRAFFIC + ".requestHeaders.set.x-strait-source: header 'x-strait-source' is reserved"
                                + " (expected: a header other than pseudo-headers, x-strait-*, and connection, content-length,"
                                + " host, keep-alive, proxy-connection, te, trailer, transfer-encoding, upgrade)")),
                arguments(new String[] {"responseHeaders: { remove: [\"x env\"] }"}, List.of(
                        "13:39: " + TRAFFIC + ".responseHeaders.remove[0]: header name 'x env' is not valid (expected: one"
                                + " or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~)")),
                arguments(new String[] {"requestHeaders: { set: { x-env: \"a\\nb\" } }"}, List.of(
                        "13:43: " + TRAFFIC + ".requestHeaders.set.x-env: value of header 'x-env' contains a line break or"
                                + " NUL (expected: one line of text)")),
                arguments(new String[] {"requestHeaders: { set: { x-env: prod }, remove: [X-Env] }"}, List.of(
                        "13:60: " + TRAFFIC + ".requestHeaders.remove[0]: header 'x-env' is already edited at line 13"
                                + " (expected: each header in only one of set, add and remove, once)")),
                arguments(new String[] {"requestHeaders: { replace: { x-env: prod } }"}, List.of(
                        "13:29: " + TRAFFIC + ".requestHeaders.replace: unknown key 'replace' (expected one of: set, add,"
                                + " remove)")),
                // routes, matches and splits
                arguments(new String[] {"routes: [ { name: Canary } ]"}, List.of(
                        "13:29: " + TRAFFIC + ".routes[0].name: route name 'Canary' is not a DNS label (expected: 1-63 of"
                                + " a-z, 0-9 and '-', not starting or ending with '-')")),
                arguments(new String[] {"routes: [ { match: { methods: [] } } ]"}, List.of(
                        "13:41: " + TRAFFIC + ".routes[0].match.methods: expected at least one method (to match any method,"
                                + " leave out 'methods')")),
                arguments(new String[] {"routes: [ { match: { paths: [ { prefix: api } ] } } ]"}, List.of(
                        "13:51: " + TRAFFIC + ".routes[0].match.paths[0].prefix: path prefix 'api' does not start with '/'"
                                + " (expected: a normalized path such as /api (matching /api and below) or /api/ (matching"
                                + " only below /api/))")),
                arguments(new String[] {"routes: [ { match: { path: [ { prefix: /api } ] } } ]"}, List.of(
                        "13:32: " + TRAFFIC + ".routes[0].match.path: unknown key 'path' (did you mean 'paths'?)")),
                arguments(new String[] {"routes: [ { split: [] } ]"}, List.of(
                        "13:30: " + TRAFFIC + ".routes[0].split: expected at least one destination (to send calls to the"
                                + " service's usual endpoints, leave out 'split')")),
                arguments(new String[] {"routes: [ { split: [ { subset: v1, region: eu-west, weight: 100 } ] } ]"}, List.of(
                        "13:46: " + TRAFFIC + ".routes[0].split[0].region: both 'subset' and 'region' are set (a destination"
                                + " needs exactly one of 'subset: NAME' and 'region: NAME')")),
                arguments(new String[] {"routes: [ { split: [ { weight: 100 } ] } ]"}, List.of(
                        "13:32: " + TRAFFIC + ".routes[0].split[0]: missing 'subset' or 'region' (a destination needs exactly"
                                + " one of 'subset: NAME' and 'region: NAME')")),
                arguments(new String[] {"routes: [ { split: [ { region: eu-west } ] } ]"}, List.of(
                        "13:32: " + TRAFFIC + ".routes[0].split[0]: missing required key 'weight'")),
                arguments(new String[] {"routes: [ { split: [ { region: eu-west, weight: 101 } ] } ]"}, List.of(
                        "13:59: " + TRAFFIC + ".routes[0].split[0].weight: 101 is too large (expected: at most 100)")),
                arguments(new String[] {"routes: [ { split: [ { region: EU, weight: 100 } ] } ]"}, List.of(
                        "13:42: " + TRAFFIC + ".routes[0].split[0].region: region name 'EU' is not a DNS label (expected:"
                                + " 1-63 of a-z, 0-9 and '-', not starting or ending with '-')")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void reportsEachProblemWhereItIs(String[] lines, List<String> expected) {
        assertThat(problemsOf(traffic(lines))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> policyProblems() {
        return Stream.of(
                arguments(new String[] {"subsets: { v1: { version: v1 }, v2: { version: v2 } }",
                        "routes: [ { split: [ { subset: v1, weight: 80 }, { subset: v2, weight: 10 } ] } ]"}, List.of(
                        "14:30: " + TRAFFIC + ".routes[0].split: weights add up to 90 (expected: 100)")),
                arguments(new String[] {"subsets: { v1: { version: v1 }, v2: { version: v2 } }",
                        "routes: [ { split: [ { subset: v1, weight: 100 }, { subset: v3, weight: 0 } ] } ]"}, List.of(
                        "14:71: " + TRAFFIC + ".routes[0].split[1].subset: unknown subset 'v3' (expected: one of v1, v2)")),
                arguments(new String[] {"routes: [ { split: [ { region: eu-west, weight: 50 }, { region: eu-west, weight: 50 } ] } ]"},
                        List.of("13:75: " + TRAFFIC + ".routes[0].split[1].region: region 'eu-west' is already destination [0]"
                                + " of this split (expected: each destination once)")),
                arguments(new String[] {"routes: [ { split: [ { region: us-west, weight: 100 } ] } ]"}, List.of(
                        "13:42: " + TRAFFIC + ".routes[0].split[0].region: unknown region 'us-west' (expected: one of"
                                + " ap-south, eu-west)")),
                arguments(new String[] {"routes: [ { split: [ { region: us-east, weight: 100 } ] } ]"}, List.of(
                        "13:42: " + TRAFFIC + ".routes[0].split[0].region: region 'us-east' is the service's own region"
                                + " (expected: use a subset or leave the split out)")),
                arguments(new String[] {"routes: [ { name: api, timeout: 1s }, { name: api, match: { methods: [GET] } } ]"},
                        List.of("13:57: " + TRAFFIC + ".routes[1].name: route name 'api' is already used by route [0]"
                                + " (expected: each route name once)",
                                "13:69: " + TRAFFIC + ".routes[1].match: never matches: route [0] (api) before it matches"
                                        + " every call (expected: routes before the catch-all route, which comes last)")),
                arguments(new String[] {"routes:",
                        "  - { name: api, match: { paths: [ { prefix: /api } ] } }",
                        "  - { name: orders, match: { paths: [ { prefix: /api/orders } ], methods: [GET] } }"}, List.of(
                        "15:38: " + TRAFFIC + ".routes[1].match: never matches: route [0] (api) matches every call it"
                                + " matches (expected: the narrower route first)")),
                arguments(new String[] {"routes: [ { timeout: 1s }, { timeout: 2s } ]"}, List.of(
                        "13:38: " + TRAFFIC + ".routes[1]: never matches: route [0] before it matches every call (expected:"
                                + " routes before the catch-all route, which comes last)")),
                arguments(new String[] {"timeout: 1s", "perTryTimeout: 2s"}, List.of(
                        "14:26: " + TRAFFIC + ".perTryTimeout: perTryTimeout 2000 ms is longer than the timeout 1000 ms"
                                + " (expected: at most the timeout)")),
                arguments(new String[] {"perTryTimeout: 2s", "routes: [ { timeout: 1s } ]"}, List.of(
                        "14:32: " + TRAFFIC + ".routes[0].timeout: timeout 1000 ms is shorter than the service's"
                                + " perTryTimeout 2000 ms (expected: at least the perTryTimeout)")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("policyProblems")
    void judgesTheBlockAsAWholeAndReportsAtTheKeyItIsAbout(String[] lines, List<String> expected) {
        assertThat(problemsOf(traffic(lines))).containsExactlyElementsOf(expected);
    }

    @Test
    void aBlockWithABrokenPartIsNotJudgedAsAWhole() {
        // Route [1] never matches after route [0]; while route [0] does not bind, the indexes would be wrong.
        assertThat(problemsOf(traffic("routes: [ { name: Api }, { name: b }, { name: c } ]"))).containsExactly(
                "13:29: " + TRAFFIC + ".routes[0].name: route name 'Api' is not a DNS label (expected: 1-63 of a-z, 0-9 and"
                        + " '-', not starting or ending with '-')");
    }

    @Test
    void aServiceHasAtMostAThousandRouteItems() throws ConfigException {
        // Routes of two items each (the route, a path): 500 are 1000 items, 501 are 1002.
        String[] routes = IntStream.range(0, 501)
                .mapToObj(i -> "  - { match: { paths: [ { exact: /p" + i + " } ] } }").toArray(String[]::new);

        assertThat(trafficOf(traffic(concat("routes:", Arrays.copyOf(routes, 500)))).routes()).hasSize(500);
        assertThat(problemsOf(traffic(concat("routes:", routes)))).containsExactly("14:13: " + TRAFFIC + ".routes: the routes"
                + " have 1002 items (each route, and each path, method, header and destination in it), more than the limit of"
                + " 1000 for one service; refusing routes too many to check for overlaps");
    }

    @Test
    void aLoadedConfigAlwaysCompiles() throws ConfigException {
        // Every combination of these that loads must compile: a gap in the checks would stop a gateway at startup.
        String[] firsts = {"{ }", "{ match: { methods: [GET] } }", "{ match: { paths: [ { prefix: /api } ] }, timeout: 1s }",
                "{ match: { headers: [ { name: x-canary, present: true } ] }, split: [ { subset: v1, weight: 100 } ] }",
                "{ match: { methods: [POST] }, split: [ { subset: v1, weight: 60 }, { region: eu-west, weight: 40 } ] }",
                "{ match: { paths: [ { exact: /a } ] }, perTryTimeout: 3s }"};
        String[] seconds = {"{ }", "{ match: { paths: [ { prefix: /api/orders } ] } }", "{ split: [ { subset: v2, weight: 100 } ] }",
                "{ split: [ { subset: v1, weight: 0 }, { region: eu-west, weight: 100 } ] }",
                "{ timeout: 1s, perTryTimeout: 500ms }", "{ perTryTimeout: 5s }"};
        int loaded = 0;
        for (String first : firsts) {
            for (String second : seconds) {
                String yaml = FEDERATION.formatted(traffic("subsets: { v1: { version: v1 } }", "timeout: 4s",
                        "routes: [ " + first + ", " + second + " ]"));
                FederationConfig config;
                try {
                    config = loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks());
                } catch (ConfigException e) {
                    continue;
                }
                loaded++;
                config.regions().forEach(region -> CompiledTraffic.compile(region.services().stream()
                        .collect(Collectors.toMap(ServiceConfig::name, ServiceConfig::traffic))));
            }
        }
        assertThat(loaded).as("configs that loaded").isGreaterThan(15);
    }

    /** A {@code traffic} block of these lines, the first on line 13 at column 11. */
    private static String traffic(String... lines) {
        return "        traffic:\n" + String.join("\n", Arrays.stream(lines).map(line -> "          " + line).toList());
    }

    private static String[] concat(String first, String[] rest) {
        return Stream.concat(Stream.of(first), Arrays.stream(rest)).toArray(String[]::new);
    }

    private TrafficPolicy trafficOf(String block) throws ConfigException {
        FederationConfig config = loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks());
        return config.regions().getFirst().service(ServiceName.of("payments")).map(ServiceConfig::traffic).orElseThrow();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
