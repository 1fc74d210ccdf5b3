package dev.strait.policy.authz;

import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorization rules of one service, in config order. Order decides only which rule a
 * decision names, never whether a call is allowed.
 */
public record ServiceAuthorization(ServiceName service, List<AuthorizationRule> rules) {
    public ServiceAuthorization {
        Objects.requireNonNull(service, "service");
        rules = List.copyOf(rules);
    }

    /** Whether any rule allows; then same-region callers get only what an allow rule matches. */
    public boolean hasAllowRules() {
        return rules.stream().anyMatch(rule -> rule.action() == Action.ALLOW);
    }

    /**
     * Every problem of every rule, in rule order: errors ({@link RuleProblem.Kind#isError()}) that
     * {@link CompiledAuthorization#compile} refuses, and rules that can never change a decision.
     * Rule overlap is judged conservatively: a reported overlap is real, but not every overlap is found.
     */
    public List<RuleProblem> problems() {
        List<RuleProblem> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            AuthorizationRule rule = rules.get(i);
            if (rule.from().isEmpty()) {
                problems.add(new RuleProblem(i, RuleProblem.Kind.EMPTY_FROM,
                        "lists no callers, so the rule would match nothing (expected: at least one of "
                                + CallerPattern.EXPECTED + ")"));
            }
            for (String method : rule.methods().stream().sorted().toList()) {
                if (!AuthorizationRule.isMethod(method)) {
                    problems.add(new RuleProblem(i, RuleProblem.Kind.INVALID_METHOD, AuthorizationRule.methodProblem(method)));
                }
            }
            if (!rule.from().isEmpty()) {
                overlap(i).ifPresent(problems::add);
            }
        }
        return List.copyOf(problems);
    }

    private Optional<RuleProblem> overlap(int index) {
        AuthorizationRule rule = rules.get(index);
        if (rule.action() == Action.ALLOW) {
            // Deny wins whatever the order, so a deny anywhere in the list can make an allow useless.
            for (int j = 0; j < rules.size(); j++) {
                AuthorizationRule other = rules.get(j);
                if (other.action() == Action.DENY && !other.from().isEmpty() && other.covers(rule)) {
                    return Optional.of(new RuleProblem(index, RuleProblem.Kind.ALLOW_NEVER_APPLIES,
                            "allows nothing: deny rule [" + j + "] matches every call this rule matches, and deny wins"));
                }
            }
        }
        for (int j = 0; j < rules.size(); j++) {
            AuthorizationRule other = rules.get(j);
            if (j == index || other.action() != rule.action() || other.from().isEmpty() || !other.covers(rule)) {
                continue;
            }
            // Of two rules that match the same calls, the later one is the redundant one.
            if (j > index && rule.covers(other)) {
                continue;
            }
            String action = rule.action() == Action.ALLOW ? "allow" : "deny";
            return Optional.of(new RuleProblem(index, RuleProblem.Kind.REDUNDANT,
                    "is redundant: " + action + " rule [" + j + "] matches every call this rule matches"));
        }
        return Optional.empty();
    }
}
