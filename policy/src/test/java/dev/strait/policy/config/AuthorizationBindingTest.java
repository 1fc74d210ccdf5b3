package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service's {@code authorization} list: what it binds to, every problem at its position, the
 * rules judged as a whole, and the callers checked against the federation.
 */
class AuthorizationBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The block starts on line 12; a one-line rule from rule(...) is on line 13, its '{' at column 13.
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
                localCallers:
                  - { from: 10.9.0.0/16, service: batch }
                nodes:
                  gw-1:
                    host: 10.0.0.2
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  ledger: {}
            """;
    private static final String PAYMENTS = "regions.us-east.services.payments.authorization";
    private static final String CALLERS = "anonymous, *, region:NAME, service:NAME,"
            + " spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE or spiffe://TRUST-DOMAIN/region/REGION/node/NODE,"
            + " where NAME, REGION, SERVICE and NODE are a name, '*', or a name with one '*' at its start or end,"
            + " such as us-* or *-internal";
    private static final String PATH_RULE = "(a path needs exactly one of 'exact: PATH', 'prefix: PATH' and 'pattern: GLOB')";
    private static final String HEADER_RULE = "(a header match needs 'name' and exactly one of 'exact: VALUE',"
            + " 'prefix: VALUE', 'present: true' and 'absent: true')";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void bindsEveryKeyOfARule() throws ConfigException {
        List<AuthorizationRule> rules = rulesOf("""
                        authorization:
                          - action: allow
                            from: [service:checkout, "region:us-*", anonymous]
                            methods: [GET, POST]
                            paths:
                              - { prefix: /api }
                              - { exact: /health }
                              - { pattern: "/v1/*/items/**" }
                            headers:
                              - { name: x-env, exact: prod }
                              - { name: X-Tenant, prefix: "acme-" }
                              - { name: x-debug, absent: true }
                              - { name: authorization, present: true }\
                """);

        assertThat(rules).containsExactly(new AuthorizationRule(Action.ALLOW,
                List.of(CallerPattern.parse("service:checkout"), CallerPattern.parse("region:us-*"), CallerPattern.parse("anonymous")),
                Set.of("GET", "POST"),
                List.of(PathMatch.prefix("/api"), PathMatch.exact("/health"), PathMatch.pattern("/v1/*/items/**")),
                List.of(new HeaderMatch("x-env", new HeaderMatch.Exact("prod")),
                        new HeaderMatch("x-tenant", new HeaderMatch.Prefix("acme-")),
                        new HeaderMatch("x-debug", new HeaderMatch.Absent()),
                        new HeaderMatch("authorization", new HeaderMatch.Present()))));
    }

    @Test
    void keepsTheRulesInOrderAndLeavesOutConditionsThatAreNotWritten() throws ConfigException {
        List<AuthorizationRule> rules = rulesOf(rules(
                "{ action: deny, from: [\"*\"], methods: [delete] }",
                "{ action: allow, from: [\"spiffe://strait.test/region/eu-west/service/ledger\"] }",
                "{ action: allow, from: [\"region:eu-west\"], paths: [{ prefix: /public }], methods: ~, headers: }"));

        assertThat(rules).containsExactly(
                AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("*"))).withMethods(Set.of("DELETE")),
                AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("spiffe://strait.test/region/eu-west/service/ledger"))),
                AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("region:eu-west")))
                        .withPaths(List.of(PathMatch.prefix("/public"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"        protocol: http1", "        authorization:", "        authorization: ~", "        authorization: []"})
    void aServiceWithoutRulesHasNone(String block) throws ConfigException {
        assertThat(rulesOf(block)).isEmpty();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                // The rule and its keys
                arguments("allow", List.of("13:13: " + PAYMENTS + "[0]: expected a mapping, got 'allow'")),
                arguments("{ acton: allow, from: [service:checkout] }", List.of(
                        "13:13: " + PAYMENTS + "[0]: missing required key 'action'",
                        "13:15: " + PAYMENTS + "[0].acton: unknown key 'acton' (did you mean 'action'?)")),
                arguments("{ action: allow, from: [service:checkout], path: [{ prefix: /a }] }", List.of(
                        "13:56: " + PAYMENTS + "[0].path: unknown key 'path' (did you mean 'paths'?)")),
                arguments("{ from: [service:checkout] }", List.of("13:13: " + PAYMENTS + "[0]: missing required key 'action'")),
                arguments("{ action: allow }", List.of("13:13: " + PAYMENTS + "[0]: missing required key 'from'")),
                arguments("{ action: allow, from: }", List.of(
                        "13:30: " + PAYMENTS + "[0].from: missing value for required key 'from'")),
                // action
                arguments("{ action: permit, from: [service:checkout] }", List.of(
                        "13:23: " + PAYMENTS + "[0].action: unknown action 'permit' (expected one of: allow, deny)")),
                arguments("{ action: ALLOW, from: [service:checkout] }", List.of(
                        "13:23: " + PAYMENTS + "[0].action: unknown action 'ALLOW' (expected one of: allow, deny)")),
                arguments("{ action: [allow], from: [service:checkout] }", List.of(
                        "13:23: " + PAYMENTS + "[0].action: expected one of: allow, deny, got a list")),
                // from
                arguments("{ action: allow, from: service:checkout }", List.of(
                        "13:36: " + PAYMENTS + "[0].from: expected a list of callers, got 'service:checkout'")),
                arguments("{ action: allow, from: [] }", List.of("13:36: " + PAYMENTS
                        + "[0].from: lists no callers, so the rule would match nothing (expected: at least one of " + CALLERS + ")")),
                arguments("{ action: allow, from: [nobody] }", List.of(
                        "13:37: " + PAYMENTS + "[0].from[0]: caller 'nobody' is not valid (expected: " + CALLERS + ")")),
                arguments("{ action: allow, from: [service:checkout, service:Checkout] }", List.of("13:55: " + PAYMENTS
                        + "[0].from[1]: caller 'service:Checkout' has an invalid service 'Checkout' (expected: a name of 1-63 of"
                        + " a-z, 0-9 and '-', not starting or ending with '-', or '*', or a name with one '*' at its start or"
                        + " end, such as us-* or *-internal)")),
                arguments("{ action: allow, from: [\"spiffe://strait.test/region/us-east/pod/x\"] }", List.of("13:37: " + PAYMENTS
                        + "[0].from[0]: caller 'spiffe://strait.test/region/us-east/pod/x' is not a Strait SPIFFE ID pattern"
                        + " (expected: spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE or"
                        + " spiffe://TRUST-DOMAIN/region/REGION/node/NODE)")),
                arguments("{ action: allow, from: [service:checkout, [anonymous]] }", List.of(
                        "13:55: " + PAYMENTS + "[0].from[1]: expected a caller such as service:checkout, got a list")),
                // methods
                arguments("{ action: allow, from: [service:checkout], methods: [GET, \"GE T\"] }", List.of("13:71: " + PAYMENTS
                        + "[0].methods[1]: method 'GE T' is not an HTTP method name (expected: one or more of A-Z, a-z, 0-9"
                        + " and !#$%&'*+-.^_`|~, such as GET)")),
                arguments("{ action: allow, from: [service:checkout], methods: GET }", List.of(
                        "13:65: " + PAYMENTS + "[0].methods: expected a list of HTTP methods, got 'GET'")),
                arguments("{ action: allow, from: [service:checkout], methods: [] }", List.of(
                        "13:65: " + PAYMENTS + "[0].methods: expected at least one method (to match any method, leave out 'methods')")),
                // paths
                arguments("{ action: allow, from: [service:checkout], paths: [] }", List.of(
                        "13:63: " + PAYMENTS + "[0].paths: expected at least one path (to match any path, leave out 'paths')")),
                arguments("{ action: allow, from: [service:checkout], paths: [/api] }", List.of("13:64: " + PAYMENTS
                        + "[0].paths[0]: expected a mapping such as { prefix: /api }, { exact: /health } or"
                        + " { pattern: /v1/*/items }, got '/api'")),
                arguments("{ action: allow, from: [service:checkout], paths: [{}] }", List.of(
                        "13:64: " + PAYMENTS + "[0].paths[0]: missing 'exact', 'prefix' or 'pattern' " + PATH_RULE)),
                arguments("{ action: allow, from: [service:checkout], paths: [{ prefix: /api, exact: /x }] }", List.of(
                        "13:80: " + PAYMENTS + "[0].paths[0].exact: both 'prefix' and 'exact' are set " + PATH_RULE)),
                arguments("{ action: allow, from: [service:checkout], paths: [{ exact: /x, prefix: /api, pattern: /a/* }] }", List.of(
                        "13:91: " + PAYMENTS + "[0].paths[0].pattern: 'exact', 'prefix' and 'pattern' are all set " + PATH_RULE)),
                arguments("{ action: allow, from: [service:checkout], paths: [{ prefx: /api }] }", List.of(
                        "13:64: " + PAYMENTS + "[0].paths[0]: missing 'exact', 'prefix' or 'pattern' " + PATH_RULE,
                        "13:66: " + PAYMENTS + "[0].paths[0].prefx: unknown key 'prefx' (did you mean 'prefix'?)")),
                arguments("{ action: allow, from: [service:checkout], paths: [{ prefix: api }] }", List.of("13:74: " + PAYMENTS
                        + "[0].paths[0].prefix: path prefix 'api' does not start with '/' (expected: a normalized path such as"
                        + " /api (matching /api and below) or /api/ (matching only below /api/))")),
                arguments("{ action: allow, from: [service:checkout], paths: [{ exact: \"/orders?id=1\" }] }", List.of("13:73: "
                        + PAYMENTS + "[0].paths[0].exact: exact path '/orders?id=1' contains '?'; rules match the path without"
                        + " query or fragment (expected: a normalized path such as /api/orders)")),
                arguments("{ action: allow, from: [service:checkout], paths: [{ pattern: \"/a/b**\" }] }", List.of("13:75: "
                        + PAYMENTS + "[0].paths[0].pattern: path pattern '/a/b**' has '**' inside the segment 'b**'; '**' must"
                        + " be a whole segment (expected: a normalized path where '*' matches within one segment and a whole"
                        + " segment '**' matches any number of segments, such as /api/*/orders/** (at most 63 segments))")),
                arguments("{ action: allow, from: [service:checkout], paths: [{ pattern: [/a] }] }", List.of(
                        "13:75: " + PAYMENTS + "[0].paths[0].pattern: expected a path such as /api, got a list")),
                // headers
                arguments("{ action: allow, from: [service:checkout], headers: [] }", List.of("13:65: " + PAYMENTS
                        + "[0].headers: expected at least one header match (to match any headers, leave out 'headers')")),
                arguments("{ action: allow, from: [service:checkout], headers: [x-env] }", List.of(
                        "13:66: " + PAYMENTS + "[0].headers[0]: expected a mapping, got 'x-env'")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env }] }", List.of(
                        "13:66: " + PAYMENTS + "[0].headers[0]: missing 'exact', 'prefix', 'present' or 'absent' " + HEADER_RULE)),
                arguments("{ action: allow, from: [service:checkout], headers: [{ exact: prod }] }", List.of(
                        "13:66: " + PAYMENTS + "[0].headers[0]: missing required key 'name'")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: \"x env\", exact: prod }] }", List.of(
                        "13:74: " + PAYMENTS + "[0].headers[0].name: header name 'x env' is not valid (expected: a header name"
                                + " of one or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~)")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env, exact: a, prefix: b }] }", List.of(
                        "13:91: " + PAYMENTS + "[0].headers[0].prefix: both 'exact' and 'prefix' are set " + HEADER_RULE)),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env, present: false }] }", List.of(
                        "13:90: " + PAYMENTS + "[0].headers[0].present: expected true (for a header that must not be sent, use"
                                + " 'absent: true')")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env, absent: false }] }", List.of(
                        "13:89: " + PAYMENTS + "[0].headers[0].absent: expected true (for a header that must be sent, use"
                                + " 'present: true')")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env, present: yes }] }", List.of(
                        "13:90: " + PAYMENTS + "[0].headers[0].present: expected true or false, got 'yes'")),
                arguments("{ action: allow, from: [service:checkout], headers: [{ name: x-env, value: prod }] }", List.of(
                        "13:66: " + PAYMENTS + "[0].headers[0]: missing 'exact', 'prefix', 'present' or 'absent' " + HEADER_RULE,
                        "13:81: " + PAYMENTS + "[0].headers[0].value: unknown key 'value' (expected one of: name, exact, prefix,"
                                + " present, absent)")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void reportsEachProblemWhereItIs(String rule, List<String> expected) {
        assertThat(problemsOf(rules(rule))).containsExactlyElementsOf(expected);
    }

    @Test
    void theListIsAList() {
        assertThat(problemsOf("        authorization: { action: allow }")).containsExactly(
                "12:24: " + PAYMENTS + ": expected a list of authorization rules, got a mapping");
    }

    @Test
    void reportsEveryProblemOfEveryRule() {
        assertThat(problemsOf(rules(
                "{ action: permit, from: [nobody] }",
                "{ action: allow, from: [service:checkout], methods: [\"GE T\"], paths: [{ prefix: api }] }"))).containsExactly(
                "13:23: " + PAYMENTS + "[0].action: unknown action 'permit' (expected one of: allow, deny)",
                "13:38: " + PAYMENTS + "[0].from[0]: caller 'nobody' is not valid (expected: " + CALLERS + ")",
                "14:66: " + PAYMENTS + "[1].methods[0]: method 'GE T' is not an HTTP method name (expected: one or more of"
                        + " A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~, such as GET)",
                "14:93: " + PAYMENTS + "[1].paths[0].prefix: path prefix 'api' does not start with '/' (expected: a"
                        + " normalized path such as /api (matching /api and below) or /api/ (matching only below /api/))");
    }

    @Test
    void aRedundantRuleIsReportedAtTheRule() {
        assertThat(problemsOf("""
                        authorization:
                          - action: allow
                            from: [service:checkout]
                            paths: [{ prefix: /api }]
                          - action: allow
                            from: [service:checkout]
                            methods: [GET]
                            paths: [{ prefix: /api/orders }]\
                """)).containsExactly(
                "16:13: " + PAYMENTS + "[1]: is redundant: allow rule [0] matches every call this rule matches");
    }

    @Test
    void anAllowThatADenyAlwaysOverridesIsReportedAtTheAllow() {
        assertThat(problemsOf(rules(
                "{ action: allow, from: [service:checkout], paths: [{ prefix: /admin/reports }] }",
                "{ action: deny, from: [\"*\"], paths: [{ prefix: /admin }] }"))).containsExactly(
                "13:13: " + PAYMENTS + "[0]: allows nothing: deny rule [1] matches every call this rule matches, and deny wins");
    }

    @Test
    void rulesThatOverlapOnlyInPartAreFine() throws ConfigException {
        assertThat(rulesOf(rules(
                "{ action: allow, from: [service:checkout], paths: [{ prefix: /api }] }",
                "{ action: allow, from: [\"region:eu-west\"], methods: [GET], paths: [{ prefix: /api }] }",
                "{ action: deny, from: [\"*\"], methods: [DELETE] }"))).hasSize(3);
    }

    @Test
    void aListWithABrokenRuleIsNotJudgedAsAWhole() {
        // Rule [1] would be redundant to rule [0]; while rule [0] does not bind, the indexes would be wrong.
        assertThat(problemsOf(rules(
                "{ action: allow, from: [service:checkout], methods: [\"GE T\"] }",
                "{ action: allow, from: [service:checkout] }",
                "{ action: allow, from: [service:checkout] }"))).containsExactly(
                "13:66: " + PAYMENTS + "[0].methods[0]: method 'GE T' is not an HTTP method name (expected: one or more of"
                        + " A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~, such as GET)");
    }

    @Test
    void aServiceHasAtMostAThousandRuleItems() throws ConfigException {
        // 333 rules of three items each (the rule, a caller, a path) are 999; one more rule is 1002.
        String[] rules = new String[334];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = "{ action: allow, from: [service:checkout], paths: [{ exact: /p" + i + " }] }";
        }

        assertThat(rulesOf(rules(Arrays.copyOf(rules, 333)))).hasSize(333);
        assertThat(problemsOf(rules(rules))).containsExactly("13:11: " + PAYMENTS + ": the rules have 1002 items (each rule,"
                + " and each caller, method, path and header in it), more than the limit of 1000 for one service; refusing"
                + " rules too many to check for overlaps");
    }

    static Stream<Arguments> references() {
        return Stream.of(
                arguments("service:chekout", "unknown service 'chekout' (did you mean 'checkout'?)"),
                arguments("service:billing", "unknown service 'billing' (known services: checkout, payments, ledger, batch)"),
                arguments("\"region:eu-wset\"", "unknown region 'eu-wset' (did you mean 'eu-west'?)"),
                arguments("\"spiffe://strait.example/region/us-east/service/checkout\"",
                        "trust domain 'strait.example' is not the federation's trust domain 'strait.test', so this caller"
                                + " pattern can match no caller"),
                arguments("\"spiffe://strait.test/region/us-east/service/chekout\"", "unknown service 'chekout' (did you mean 'checkout'?)"),
                arguments("\"spiffe://strait.test/region/ap-south/service/checkout\"", "unknown region 'ap-south' (known regions: us-east, eu-west)"),
                arguments("\"spiffe://strait.test/region/eu-west/node/gw-2\"", "unknown node 'gw-2' (did you mean 'gw-1'?)"),
                arguments("\"spiffe://strait.test/region/*/node/gw-7\"", "unknown node 'gw-7' (did you mean 'gw-1'?)"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("references")
    void aCallerNamingSomethingExactlyNamesSomethingOfTheFederation(String caller, String message) {
        assertThat(problemsOf(rules("{ action: allow, from: [anonymous, " + caller + "] }")))
                .containsExactly("13:48: " + PAYMENTS + "[0].from[1]: " + message);
    }

    @Test
    void aSpiffeIdPatternCanNameSeveralUnknownThings() {
        assertThat(problemsOf(rules("{ action: allow, from: [\"spiffe://strait.test/region/us-eats/service/chekout\"] }")))
                .containsExactly(
                        "13:37: " + PAYMENTS + "[0].from[0]: unknown region 'us-eats' (did you mean 'us-east'?)",
                        "13:37: " + PAYMENTS + "[0].from[0]: unknown service 'chekout' (did you mean 'checkout'?)");
    }

    @Test
    void servicesOfEveryRegionAndLocalCallersNamesAreKnownAndGlobsAreNotChecked() throws ConfigException {
        assertThat(rulesOf(rules("{ action: allow, from: [service:ledger, service:batch, \"service:*-jobs\", \"region:ap-*\","
                + " \"spiffe://strait.test/region/eu-west/node/gw-1\", \"spiffe://strait.test/region/*/service/payments\"] }")))
                .hasSize(1);
    }

    @Test
    void onceARegionTakesClientCertificatesAnyServiceMayBeNamed() throws ConfigException {
        // A workload known only by the certificate its CA issued is declared nowhere in the config.
        String federation = FEDERATION.formatted(rules("{ action: allow, from: [service:billing,"
                + " \"spiffe://strait.test/region/eu-west/service/reports\"] }"))
                .replace("  eu-west:\n", "  eu-west:\n    localListener: { tls: mtls, clientCertificate: optional }\n");

        FederationConfig config = loader.load(federation, SOURCE, LoadOptions.withoutFileChecks());

        assertThat(config.regions().getFirst().service(ServiceName.of("payments")).orElseThrow().authorization()).hasSize(1);
    }

    @Test
    void aLoadedConfigAlwaysCompiles() throws ConfigException {
        // Every combination of these that loads must compile; the loader checks it too, so a gap shows as a problem.
        String[] actions = {"allow", "deny"};
        String[] callers = {"[service:checkout]", "[\"*\"]", "[anonymous]", "[\"region:us-*\", service:ledger]", "[]"};
        String[] conditions = {"", ", methods: [GET]", ", methods: [get, POST]", ", paths: [{ prefix: /api }]",
                ", paths: [{ pattern: \"/api/**\" }]", ", headers: [{ name: x-env, present: true }]"};
        int loaded = 0;
        for (String firstAction : actions) {
            for (String firstCallers : callers) {
                for (String firstCondition : conditions) {
                    for (String secondAction : actions) {
                        for (String secondCondition : conditions) {
                            String yaml = FEDERATION.formatted(rules(
                                    "{ action: " + firstAction + ", from: " + firstCallers + firstCondition + " }",
                                    "{ action: " + secondAction + ", from: [service:checkout]" + secondCondition + " }"));
                            FederationConfig config;
                            try {
                                config = loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks());
                            } catch (ConfigException e) {
                                continue;
                            }
                            loaded++;
                            config.regions().forEach(region -> CompiledAuthorization.compile(region.services().stream()
                                    .map(service -> new ServiceAuthorization(service.name(), service.authorization()))
                                    .toList()));
                        }
                    }
                }
            }
        }
        assertThat(loaded).as("configs that loaded").isGreaterThan(100);
    }

    /** An {@code authorization} block of one-line rules, the first on line 13. */
    private static String rules(String... rules) {
        return "        authorization:\n" + String.join("\n", Arrays.stream(rules).map(rule -> "          - " + rule).toList());
    }

    private List<AuthorizationRule> rulesOf(String block) throws ConfigException {
        FederationConfig config = loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks());
        return config.regions().getFirst().service(ServiceName.of("payments"))
                .map(ServiceConfig::authorization).orElse(List.of());
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(FEDERATION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}
