package dev.strait.policy.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the config binder reports about a service's rules: errors, and rules that can never decide. */
class ServiceAuthorizationProblemsTest {
    private static final ServiceName INVENTORY = ServiceName.of("inventory");

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments(List.of("allow from=service:orders", "deny from=region:eu-west path=prefix:/admin"), List.of()),
                arguments(List.of("allow from=service:orders", "allow from=service:orders"),
                        List.of("rule [1]: is redundant: allow rule [0] matches every call this rule matches")),
                arguments(List.of("deny from=* path=prefix:/admin", "deny from=* path=prefix:/admin",
                        "deny from=* path=prefix:/admin"),
                        List.of("rule [1]: is redundant: deny rule [0] matches every call this rule matches",
                                "rule [2]: is redundant: deny rule [0] matches every call this rule matches")),
                arguments(List.of("allow from=*", "allow from=service:orders methods=GET"),
                        List.of("rule [1]: is redundant: allow rule [0] matches every call this rule matches")),
                arguments(List.of("allow from=service:orders methods=GET", "allow from=*"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=* path=prefix:/api", "allow from=region:us-east path=exact:/api/orders"),
                        List.of("rule [1]: is redundant: allow rule [0] matches every call this rule matches")),
                arguments(List.of("allow from=* path=prefix:/api/", "allow from=* path=prefix:/api"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=* path=prefix:/api", "allow from=* path=prefix:/apiv2"), List.of()),
                arguments(List.of("allow from=region:us-* methods=GET,POST", "allow from=region:us-east methods=GET"),
                        List.of("rule [1]: is redundant: allow rule [0] matches every call this rule matches")),
                arguments(List.of("allow from=region:us-east methods=GET", "allow from=region:us-east methods=GET,POST"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=service:orders header=x-env=prod", "allow from=service:orders header=x-env?"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=service:orders header=x-env?", "allow from=service:orders"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=anonymous", "allow from=*"), List.of()),
                arguments(List.of("allow from=service:orders,service:billing", "allow from=service:orders"),
                        List.of("rule [1]: is redundant: allow rule [0] matches every call this rule matches")),
                arguments(List.of("allow from=service:orders", "allow from=service:orders,service:billing"),
                        List.of("rule [0]: is redundant: allow rule [1] matches every call this rule matches")),
                arguments(List.of("allow from=service:orders path=prefix:/admin/users", "deny from=* path=prefix:/admin"),
                        List.of("rule [0]: allows nothing: deny rule [1] matches every call this rule matches, and deny wins")),
                arguments(List.of("deny from=* methods=DELETE", "allow from=* methods=DELETE path=pattern:/api/**"),
                        List.of("rule [1]: allows nothing: deny rule [0] matches every call this rule matches, and deny wins")),
                arguments(List.of("deny from=* header=x-debug?", "allow from=service:orders"), List.of()),
                arguments(List.of("deny from=* methods=DELETE", "allow from=*"), List.of()),
                arguments(List.of("allow from=*", "deny from=*"),
                        List.of("rule [0]: allows nothing: deny rule [1] matches every call this rule matches, and deny wins")),
                arguments(List.of("deny from=region:eu-west", "allow from=region:us-east"), List.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rules")
    void reportsRulesThatCanNeverDecide(List<String> lines, List<String> expected) {
        var authorization = new ServiceAuthorization(INVENTORY, Rules.parse(lines.toArray(String[]::new)));

        assertThat(authorization.problems()).map(RuleProblem::toString).containsExactlyElementsOf(expected);
        assertThat(authorization.problems()).noneMatch(problem -> problem.kind().isError());
    }

    @Test
    void reportsEmptyCallerListsAndMethodsThatAreNotTokensAsErrors() {
        var authorization = new ServiceAuthorization(INVENTORY, List.of(
                AuthorizationRule.of(Action.ALLOW, List.of()),
                AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("*"))).withMethods(Set.of("get", "GE T", "M-SEARCH"))));

        assertThat(authorization.problems()).containsExactly(
                new RuleProblem(0, RuleProblem.Kind.EMPTY_FROM, "lists no callers, so the rule would match nothing"
                        + " (expected: at least one of " + CallerPattern.EXPECTED + ")"),
                new RuleProblem(1, RuleProblem.Kind.INVALID_METHOD, "method 'GE T' is not an HTTP method name"
                        + " (expected: one or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~, such as GET)"));
        assertThat(authorization.problems()).allMatch(problem -> problem.kind().isError());
        assertThat(authorization.rules().get(1).methods()).containsExactlyInAnyOrder("GET", "GE T", "M-SEARCH");
        assertThat(RuleProblem.Kind.EMPTY_FROM.element()).isEqualTo("from");
        assertThat(RuleProblem.Kind.INVALID_METHOD.element()).isEqualTo("methods");
    }

    @Test
    void methodNamesAreTokensInUpperCase() {
        assertThat(AuthorizationRule.parseMethod("get")).isEqualTo("GET");
        assertThat(AuthorizationRule.parseMethod("M-SEARCH")).isEqualTo("M-SEARCH");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthorizationRule.parseMethod("GET /"))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessage("method 'GET /' is not an HTTP method name (expected: one or more of A-Z, a-z, 0-9 and"
                        + " !#$%&'*+-.^_`|~, such as GET)");
    }

    @Test
    void knowsWhetherAnyRuleAllows() {
        assertThat(new ServiceAuthorization(INVENTORY, Rules.parse("deny from=*")).hasAllowRules()).isFalse();
        assertThat(new ServiceAuthorization(INVENTORY, Rules.parse("deny from=*", "allow from=anonymous")).hasAllowRules())
                .isTrue();
    }
}
