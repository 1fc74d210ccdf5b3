package dev.strait.policy.authz;

import static dev.strait.policy.authz.Callers.ANONYMOUS_EU;
import static dev.strait.policy.authz.Callers.ANONYMOUS_US;
import static dev.strait.policy.authz.Callers.BILLING_EU;
import static dev.strait.policy.authz.Callers.BILLING_US;
import static dev.strait.policy.authz.Callers.EU_WEST;
import static dev.strait.policy.authz.Callers.GATEWAY_US;
import static dev.strait.policy.authz.Callers.ORDERS_EU;
import static dev.strait.policy.authz.Callers.ORDERS_US;
import static dev.strait.policy.authz.Callers.US_EAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.ServiceName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision engine: rule matching and the order of precedence (deny, allow, then the defaults for
 * anonymous, cross-region and same-region callers), for the service {@code inventory} of us-east.
 */
class CompiledAuthorizationTest {
    private static final ServiceName INVENTORY = ServiceName.of("inventory");
    private static final ServiceName UNLISTED = ServiceName.of("unlisted");

    /** A request: who calls, with which method, path and headers. */
    record Call(CallerIdentity caller, String method, String path, Map<String, String> headers) {
        static Call of(CallerIdentity caller, String method, String path) {
            return new Call(caller, method, path, Map.of());
        }

        @Override
        public String toString() {
            return caller + " " + method + " " + path + (headers.isEmpty() ? "" : " " + headers);
        }
    }

    private static Decision decide(List<AuthorizationRule> rules, Call call) {
        var compiled = CompiledAuthorization.compile(List.of(new ServiceAuthorization(INVENTORY, rules)));
        return compiled.decide(INVENTORY, US_EAST, call.caller(), call.method(), call.path(),
                HeaderLookup.of(call.headers()));
    }

    /** "allowed by allow[1]", "denied by deny[0]", "allowed: NO_ALLOW_RULES", "denied: ANONYMOUS". */
    private static String describe(Decision decision) {
        String verdict = decision.isAllowed() ? "allowed" : "denied";
        return switch (decision.basis()) {
            case Decision.MatchedRule rule -> verdict + " by " + rule.action().name().toLowerCase(Locale.ROOT)
                    + "[" + rule.index() + "]";
            case Decision.Default fallback -> verdict + ": " + fallback.name();
        };
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                // 1. Deny wins, wherever it stands.
                row("deny beats an earlier allow", List.of("allow from=*", "deny from=service:orders"),
                        Call.of(ORDERS_US, "GET", "/x"), "denied by deny[1]"),
                row("deny beats a later allow", List.of("deny from=service:orders", "allow from=*"),
                        Call.of(ORDERS_US, "GET", "/x"), "denied by deny[0]"),
                row("the first matching deny is named", List.of("allow from=*", "deny from=region:us-east",
                        "deny from=service:orders"), Call.of(ORDERS_US, "GET", "/x"), "denied by deny[1]"),
                row("a deny that does not match leaves the allow", List.of("deny from=service:billing", "allow from=*"),
                        Call.of(ORDERS_US, "GET", "/x"), "allowed by allow[1]"),
                row("deny of a region across regions", List.of("allow from=*", "deny from=region:eu-*"),
                        Call.of(BILLING_EU, "GET", "/x"), "denied by deny[1]"),
                // 2. An allow that matches.
                row("allow by service", List.of("allow from=service:orders"), Call.of(ORDERS_US, "GET", "/x"),
                        "allowed by allow[0]"),
                row("the first matching allow is named", List.of("allow from=service:billing", "allow from=*",
                        "allow from=service:orders"), Call.of(ORDERS_US, "GET", "/x"), "allowed by allow[1]"),
                row("allow across regions", List.of("allow from=region:eu-west"), Call.of(BILLING_EU, "GET", "/x"),
                        "allowed by allow[0]"),
                row("allow of a gateway node", List.of("allow from=spiffe://strait.demo/region/us-east/node/*"),
                        Call.of(GATEWAY_US, "GET", "/healthz"), "allowed by allow[0]"),
                row("anonymous granted by name", List.of("allow from=anonymous path=prefix:/public"),
                        Call.of(ANONYMOUS_US, "GET", "/public/index.html"), "allowed by allow[0]"),
                row("anonymous from another region granted by name", List.of("allow from=anonymous"),
                        Call.of(ANONYMOUS_EU, "GET", "/x"), "allowed by allow[0]"),
                // 3. Anonymous callers get only what is granted by name.
                row("anonymous, no rules", List.of(), Call.of(ANONYMOUS_US, "GET", "/x"), "denied: ANONYMOUS"),
                row("anonymous is not any caller", List.of("allow from=*"), Call.of(ANONYMOUS_US, "GET", "/x"),
                        "denied: ANONYMOUS"),
                row("anonymous is not of a region", List.of("allow from=region:us-east"),
                        Call.of(ANONYMOUS_US, "GET", "/x"), "denied: ANONYMOUS"),
                row("anonymous, only deny rules", List.of("deny from=service:orders"),
                        Call.of(ANONYMOUS_US, "GET", "/x"), "denied: ANONYMOUS"),
                row("anonymous outside its grant", List.of("allow from=anonymous path=prefix:/public"),
                        Call.of(ANONYMOUS_US, "GET", "/private"), "denied: ANONYMOUS"),
                row("a deny of * does not reach anonymous", List.of("deny from=*", "allow from=anonymous"),
                        Call.of(ANONYMOUS_US, "GET", "/x"), "allowed by allow[1]"),
                row("a deny of anonymous beats its grant", List.of("allow from=anonymous", "deny from=anonymous path=prefix:/admin"),
                        Call.of(ANONYMOUS_US, "GET", "/admin/users"), "denied by deny[1]"),
                row("anonymous from another region, no rules", List.of(), Call.of(ANONYMOUS_EU, "GET", "/x"),
                        "denied: ANONYMOUS"),
                // 4. Across regions only what a rule allows.
                row("another region, no rules", List.of(), Call.of(ORDERS_EU, "GET", "/x"), "denied: CROSS_REGION"),
                row("another region, only deny rules", List.of("deny from=service:billing"),
                        Call.of(ORDERS_EU, "GET", "/x"), "denied: CROSS_REGION"),
                row("another region, allow for this region only", List.of("allow from=region:us-east"),
                        Call.of(ORDERS_EU, "GET", "/x"), "denied: CROSS_REGION"),
                row("another region, a workload pinned to a region", List.of(
                        "allow from=spiffe://strait.demo/region/us-east/service/orders"),
                        Call.of(ORDERS_EU, "GET", "/x"), "denied: CROSS_REGION"),
                // 5. Same region, the service has allow rules: only what they match.
                row("same region, allow rules that do not match", List.of("allow from=service:billing"),
                        Call.of(ORDERS_US, "GET", "/x"), "denied: NO_ALLOW_RULE_MATCHED"),
                row("same region, allow rules only for anonymous", List.of("allow from=anonymous path=exact:/healthz"),
                        Call.of(ORDERS_US, "GET", "/x"), "denied: NO_ALLOW_RULE_MATCHED"),
                row("same region, allow on another path", List.of("allow from=* path=prefix:/api"),
                        Call.of(ORDERS_US, "GET", "/admin"), "denied: NO_ALLOW_RULE_MATCHED"),
                // 6. Same region, the service has no allow rules: open to authenticated callers.
                row("same region, no rules", List.of(), Call.of(ORDERS_US, "GET", "/x"), "allowed: NO_ALLOW_RULES"),
                row("same region, a gateway node, no rules", List.of(), Call.of(GATEWAY_US, "GET", "/x"),
                        "allowed: NO_ALLOW_RULES"),
                row("same region, deny rules that do not match", List.of("deny from=service:billing"),
                        Call.of(ORDERS_US, "GET", "/x"), "allowed: NO_ALLOW_RULES"),
                row("same region, a deny that matches", List.of("deny from=service:billing"),
                        Call.of(BILLING_US, "GET", "/x"), "denied by deny[0]"));
    }

    private static Arguments row(String name, List<String> rules, Call call, String expected) {
        return arguments(name, Rules.parse(rules.toArray(String[]::new)), call, expected);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("precedence")
    void decidesByPrecedence(String name, List<AuthorizationRule> rules, Call call, String expected) {
        assertThat(describe(decide(rules, call))).as(name).isEqualTo(expected);
    }

    static Stream<Arguments> narrowing() {
        return Stream.of(
                // Methods: any of them, case-insensitively.
                arguments("allow from=* methods=GET,HEAD", Call.of(ORDERS_US, "GET", "/x"), true),
                arguments("allow from=* methods=GET,HEAD", Call.of(ORDERS_US, "HEAD", "/x"), true),
                arguments("allow from=* methods=GET,HEAD", Call.of(ORDERS_US, "POST", "/x"), false),
                arguments("allow from=* methods=get", Call.of(ORDERS_US, "GET", "/x"), true),
                arguments("allow from=* methods=GET", Call.of(ORDERS_US, "get", "/x"), true),
                arguments("allow from=* methods=PURGE", Call.of(ORDERS_US, "PURGE", "/x"), true),
                // Paths: any of them.
                arguments("allow from=* path=exact:/a path=prefix:/b", Call.of(ORDERS_US, "GET", "/a"), true),
                arguments("allow from=* path=exact:/a path=prefix:/b", Call.of(ORDERS_US, "GET", "/b/c"), true),
                arguments("allow from=* path=exact:/a path=prefix:/b", Call.of(ORDERS_US, "GET", "/a/c"), false),
                arguments("allow from=* path=prefix:/admin", Call.of(ORDERS_US, "GET", "/admin."), false),
                arguments("allow from=* path=pattern:/api/*/orders/**", Call.of(ORDERS_US, "GET", "/api/v1/orders/7/lines"), true),
                arguments("allow from=* path=pattern:/api/*/orders/**", Call.of(ORDERS_US, "GET", "/api/v1/ordersx"), false),
                // Headers: all of them.
                arguments("allow from=* header=x-env=prod header=x-team?",
                        new Call(ORDERS_US, "GET", "/x", Map.of("X-Env", "prod", "x-team", "a")), true),
                arguments("allow from=* header=x-env=prod header=x-team?",
                        new Call(ORDERS_US, "GET", "/x", Map.of("x-env", "prod")), false),
                arguments("allow from=* header=x-env^=prod header=x-debug!",
                        new Call(ORDERS_US, "GET", "/x", Map.of("x-env", "prod-eu")), true),
                arguments("allow from=* header=x-env^=prod header=x-debug!",
                        new Call(ORDERS_US, "GET", "/x", Map.of("x-env", "prod-eu", "x-debug", "1")), false),
                // Every condition at once: the caller too.
                arguments("allow from=service:orders methods=POST path=prefix:/api header=x-env=prod",
                        new Call(ORDERS_US, "POST", "/api/orders", Map.of("x-env", "prod")), true),
                arguments("allow from=service:orders methods=POST path=prefix:/api header=x-env=prod",
                        new Call(BILLING_US, "POST", "/api/orders", Map.of("x-env", "prod")), false));
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @MethodSource("narrowing")
    void allowRulesMatchOnlyWhenEveryConditionHolds(String rule, Call call, boolean allowed) {
        assertThat(decide(Rules.parse(rule), call).isAllowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} denies {1}: {2}")
    @MethodSource("narrowing")
    void denyRulesMatchTheSameCallsAsAllowRules(String rule, Call call, boolean matches) {
        List<AuthorizationRule> rules = Rules.parse(rule.replaceFirst("allow", "deny"), "allow from=*");

        assertThat(decide(rules, call).isAllowed()).isEqualTo(!matches);
    }

    private static final List<String> MIXED_RULES = List.of(
            "allow from=service:orders path=prefix:/api",
            "deny from=* path=prefix:/api/admin",
            "allow from=region:eu-west methods=GET",
            "deny from=region:eu-west header=x-debug?",
            "allow from=anonymous path=exact:/healthz methods=GET",
            "allow from=service:billing path=pattern:/api/*/invoices/**");

    private static final List<Call> CALLS = List.of(
            Call.of(ORDERS_US, "GET", "/api/orders"),
            Call.of(ORDERS_US, "GET", "/api/admin/users"),
            Call.of(ORDERS_US, "GET", "/other"),
            Call.of(BILLING_US, "POST", "/api/v1/invoices/3"),
            Call.of(BILLING_US, "POST", "/api/v1/orders"),
            Call.of(BILLING_EU, "GET", "/api/v1/orders"),
            new Call(BILLING_EU, "GET", "/api/v1/orders", Map.of("x-debug", "1")),
            Call.of(ORDERS_EU, "POST", "/api/orders"),
            Call.of(ORDERS_EU, "POST", "/other"),
            Call.of(ANONYMOUS_US, "GET", "/healthz"),
            Call.of(ANONYMOUS_US, "POST", "/healthz"),
            Call.of(ANONYMOUS_EU, "GET", "/healthz"),
            Call.of(GATEWAY_US, "GET", "/api/orders"));

    @Test
    void ruleOrderNeverChangesWhetherACallIsAllowed() {
        List<AuthorizationRule> rules = Rules.parse(MIXED_RULES.toArray(String[]::new));
        List<Boolean> expected = CALLS.stream().map(call -> decide(rules, call).isAllowed()).toList();
        assertThat(expected).containsExactly(true, false, false, true, false, true, false, true, false, true, false, true, false);

        for (List<AuthorizationRule> order : permutations(rules)) {
            List<Boolean> actual = CALLS.stream().map(call -> decide(order, call).isAllowed()).toList();
            assertThat(actual).as("rules in the order %s", order).isEqualTo(expected);
        }
    }

    @Test
    void ruleOrderOnlyPicksWhichMatchingRuleIsNamed() {
        List<AuthorizationRule> rules = Rules.parse("allow from=*", "allow from=service:orders");
        Call call = Call.of(ORDERS_US, "GET", "/x");

        assertThat(describe(decide(rules, call))).isEqualTo("allowed by allow[0]");
        assertThat(describe(decide(rules.reversed(), call))).isEqualTo("allowed by allow[0]");
        assertThat(decide(rules.reversed(), call).basis()).isEqualTo(new Decision.MatchedRule(INVENTORY, 0, Action.ALLOW));
    }

    @Test
    void servicesWithoutRulesGetTheDefaults() {
        var compiled = CompiledAuthorization.compile(List.of(
                new ServiceAuthorization(INVENTORY, Rules.parse("allow from=service:billing"))));

        assertThat(compiled.decide(UNLISTED, US_EAST, ORDERS_US, "GET", "/", HeaderLookup.NONE).basis())
                .isEqualTo(Decision.Default.NO_ALLOW_RULES);
        assertThat(compiled.decide(UNLISTED, US_EAST, ORDERS_EU, "GET", "/", HeaderLookup.NONE).basis())
                .isEqualTo(Decision.Default.CROSS_REGION);
        assertThat(compiled.decide(UNLISTED, US_EAST, ANONYMOUS_US, "GET", "/", HeaderLookup.NONE).basis())
                .isEqualTo(Decision.Default.ANONYMOUS);
        assertThat(CompiledAuthorization.EMPTY.decide(INVENTORY, EU_WEST, ORDERS_EU, "GET", "/", HeaderLookup.NONE)
                .isAllowed()).isTrue();
        assertThat(compiled.services()).containsExactly(INVENTORY);
        assertThat(compiled.ruleCount()).isEqualTo(1);
    }

    @Test
    void reasonsNameTheDecidingRuleOrDefaultAndNothingElse() {
        List<AuthorizationRule> rules = Rules.parse(
                "allow from=spiffe://strait.demo/region/us-east/service/secret-admin path=prefix:/hidden-admin",
                "deny from=service:orders methods=DELETE");

        Decision byRule = decide(rules, Call.of(ORDERS_US, "DELETE", "/x"));
        Decision byDefault = decide(rules, Call.of(BILLING_US, "GET", "/x"));
        Decision anonymous = decide(rules, Call.of(ANONYMOUS_US, "GET", "/x"));
        Decision crossRegion = decide(rules, Call.of(BILLING_EU, "GET", "/x"));

        assertThat(byRule).isEqualTo(new Decision.Denied(new Decision.MatchedRule(INVENTORY, 1, Action.DENY),
                "denied by authorization rule [1] of service 'inventory'"));
        assertThat(byDefault).isEqualTo(new Decision.Denied(Decision.Default.NO_ALLOW_RULE_MATCHED,
                "no authorization rule of the service allows this call"));
        assertThat(anonymous).isEqualTo(new Decision.Denied(Decision.Default.ANONYMOUS, "anonymous callers get only"
                + " what the service's policy grants them explicitly, and it grants nothing that matches this call"));
        assertThat(crossRegion).isEqualTo(new Decision.Denied(Decision.Default.CROSS_REGION, "calls from another"
                + " region are denied unless a rule of the service allows the caller, and none matches this call"));
        assertThat(Stream.of(byRule, byDefault, anonymous, crossRegion).map(decision -> ((Decision.Denied) decision).reason()))
                .noneMatch(reason -> reason.contains("secret-admin") || reason.contains("hidden-admin")
                        || reason.contains("[0]"));
    }

    @Test
    void refusesRulesWithErrorsAndServicesListedTwice() {
        var emptyFrom = new ServiceAuthorization(INVENTORY, List.of(AuthorizationRule.of(Action.DENY, List.of())));
        var badMethod = new ServiceAuthorization(UNLISTED, List.of(Rules.rule("allow from=* methods=GET,GE(T")));

        assertThatThrownBy(() -> CompiledAuthorization.compile(List.of(emptyFrom, badMethod, badMethod)))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessageContaining("service 'inventory': rule [0].from: lists no callers")
                .hasMessageContaining("service 'unlisted': rule [0].methods: method 'GE(T' is not an HTTP method name")
                .hasMessageContaining("service 'unlisted': listed more than once");
    }

    @Test
    void decidingReturnsPrebuiltDecisionsAndAllocatesNothing() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("deny from=service:caller-" + i + " path=pattern:/api/*/item-" + i + "/**");
            lines.add("allow from=spiffe://strait.demo/region/us-*/service/caller-" + i + " methods=GET,POST path=prefix:/api/v" + i);
        }
        lines.add("allow from=service:orders methods=GET path=pattern:/api/**");
        var compiled = CompiledAuthorization.compile(List.of(
                new ServiceAuthorization(INVENTORY, Rules.parse(lines.toArray(String[]::new)))));
        Decision first = compiled.decide(INVENTORY, US_EAST, ORDERS_US, "GET", "/api/x/y", HeaderLookup.NONE);
        assertThat(first.isAllowed()).isTrue();
        assertThat(compiled.decide(INVENTORY, US_EAST, ORDERS_US, "GET", "/api/x/y", HeaderLookup.NONE)).isSameAs(first);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
        long threadId = Thread.currentThread().threadId();
        for (int i = 0; i < 2_000; i++) {
            compiled.decide(INVENTORY, US_EAST, ORDERS_US, "GET", "/api/x/y", HeaderLookup.NONE);
        }
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 2_000; i++) {
            compiled.decide(INVENTORY, US_EAST, ORDERS_US, "GET", "/api/x/y", HeaderLookup.NONE);
            compiled.decide(INVENTORY, US_EAST, BILLING_US, "POST", "/api/v7/z", HeaderLookup.NONE);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(allocated).as("bytes allocated by 4,000 decisions").isLessThan(4_000);
    }

    @Test
    void anAuthenticatedCallerComesFromItsIdentitysRegion() {
        assertThat(ORDERS_EU.region()).isEqualTo(EU_WEST);
        assertThat(ORDERS_EU.id()).map(id -> id.uri()).contains("spiffe://strait.demo/region/eu-west/service/orders");
        assertThat(ANONYMOUS_US.region()).isEqualTo(US_EAST);
        assertThat(ANONYMOUS_US.id()).isEmpty();
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }
}
