package dev.strait.policy.authz;

import static dev.strait.policy.authz.Callers.US_EAST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index by caller service and path segments finds the same rule as reading every rule in order
 * would, for random rule sets over callers and paths chosen to collide.
 */
class RuleIndexTest {
    private static final ServiceName INVENTORY = ServiceName.of("inventory");

    private static final List<String> CALLERS = List.of("service:a", "service:b", "service:a*", "region:us-*", "*",
            "anonymous", "spiffe://strait.demo/region/us-east/service/a", "spiffe://strait.demo/region/*/service/b",
            "spiffe://strait.demo/region/us-east/node/*");
    private static final List<PathMatch> PATHS = List.of(PathMatch.exact("/"), PathMatch.exact("/a"),
            PathMatch.exact("/a/b/"), PathMatch.prefix("/"), PathMatch.prefix("/a"), PathMatch.prefix("/a/"),
            PathMatch.prefix("/a/b"), PathMatch.pattern("/a/*"), PathMatch.pattern("/**"), PathMatch.pattern("/a/**/c"),
            PathMatch.pattern("/*/b"), PathMatch.pattern("/a/b"), PathMatch.pattern("/a*"));
    private static final List<CallerIdentity> IDENTITIES = List.of(Callers.id("spiffe://strait.demo/region/us-east/service/a"),
            Callers.id("spiffe://strait.demo/region/us-east/service/b"), Callers.id("spiffe://strait.demo/region/eu-west/service/b"),
            Callers.id("spiffe://strait.demo/region/us-east/service/ab"), Callers.GATEWAY_US, Callers.ANONYMOUS_US,
            Callers.ANONYMOUS_EU);
    private static final List<String> REQUEST_PATHS = List.of("/", "/a", "/a/", "/a/b", "/a/b/", "/a/b/c", "/a/x/c",
            "/b", "/ab", "/x/b", "*", "");
    private static final List<HeaderLookup> HEADERS = List.of(HeaderLookup.NONE, HeaderLookup.of(Map.of("x-flag", "1")));

    @Test
    void theIndexFindsTheSameRuleAsALinearScan() {
        Random random = new Random(20_260_101L);
        int decisions = 0;
        for (int set = 0; set < 400; set++) {
            List<AuthorizationRule> rules = randomRules(random);
            var compiled = CompiledAuthorization.compile(List.of(new ServiceAuthorization(INVENTORY, rules)));
            for (CallerIdentity caller : IDENTITIES) {
                for (String path : REQUEST_PATHS) {
                    for (String method : List.of("GET", "POST")) {
                        for (HeaderLookup headers : HEADERS) {
                            Decision decision = compiled.decide(INVENTORY, US_EAST, caller, method, path, headers);
                            assertThat(decision.basis())
                                    .as("%s %s %s with %s", caller, method, path, rules)
                                    .isEqualTo(linearScan(rules, caller, method, path, headers));
                            decisions++;
                        }
                    }
                }
            }
        }
        assertThat(decisions).isEqualTo(400 * IDENTITIES.size() * REQUEST_PATHS.size() * 2 * HEADERS.size());
    }

    private static List<AuthorizationRule> randomRules(Random random) {
        List<AuthorizationRule> rules = new ArrayList<>();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            List<CallerPattern> from = new ArrayList<>();
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                from.add(CallerPattern.parse(CALLERS.get(random.nextInt(CALLERS.size()))));
            }
            List<PathMatch> paths = new ArrayList<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                paths.add(PATHS.get(random.nextInt(PATHS.size())));
            }
            Set<String> methods = random.nextInt(3) == 0 ? Set.of("GET") : Set.of();
            List<HeaderMatch> headers = random.nextInt(4) == 0
                    ? List.of(new HeaderMatch("x-flag", new HeaderMatch.Present())) : List.of();
            rules.add(new AuthorizationRule(random.nextInt(3) == 0 ? Action.DENY : Action.ALLOW, from, methods, paths, headers));
        }
        return rules;
    }

    /** The documented precedence, evaluated the slow and obvious way. */
    private static Decision.Basis linearScan(List<AuthorizationRule> rules, CallerIdentity caller, String method,
            String path, HeaderLookup headers) {
        for (Action action : List.of(Action.DENY, Action.ALLOW)) {
            for (int i = 0; i < rules.size(); i++) {
                AuthorizationRule rule = rules.get(i);
                if (rule.action() == action && matches(rule, caller, method, path, headers)) {
                    return new Decision.MatchedRule(INVENTORY, i, action);
                }
            }
        }
        if (caller instanceof CallerIdentity.Anonymous) {
            return Decision.Default.ANONYMOUS;
        }
        if (!caller.region().equals(US_EAST)) {
            return Decision.Default.CROSS_REGION;
        }
        return rules.stream().anyMatch(rule -> rule.action() == Action.ALLOW)
                ? Decision.Default.NO_ALLOW_RULE_MATCHED : Decision.Default.NO_ALLOW_RULES;
    }

    private static boolean matches(AuthorizationRule rule, CallerIdentity caller, String method, String path,
            HeaderLookup headers) {
        return rule.from().stream().anyMatch(pattern -> pattern.matches(caller))
                && (rule.methods().isEmpty() || rule.methods().contains(method))
                && (rule.paths().isEmpty() || rule.paths().stream().anyMatch(match -> PathMatcher.compile(match).matches(path)))
                && rule.headers().stream().allMatch(header -> header.matches(headers));
    }
}
