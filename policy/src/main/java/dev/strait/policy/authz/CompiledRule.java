package dev.strait.policy.authz;

import dev.strait.policy.model.ServiceName;

/** One rule in the form the request path reads: its callers and compiled conditions, its decision built once. */
final class CompiledRule {
    private final AuthorizationRule source;
    private final int index;
    private final CallerPattern[] callers;
    private final RequestConditions conditions;
    private final Decision decision;

    CompiledRule(ServiceName service, int index, AuthorizationRule rule) {
        this.source = rule;
        this.index = index;
        callers = rule.from().toArray(CallerPattern[]::new);
        conditions = new RequestConditions(rule.methods(), rule.paths(), rule.headers());
        var basis = new Decision.MatchedRule(service, index, rule.action());
        decision = switch (rule.action()) {
            case ALLOW -> new Decision.Allowed(basis);
            case DENY -> new Decision.Denied(basis, "denied by authorization rule [" + index + "] of service '"
                    + service + "'");
        };
    }

    AuthorizationRule source() {
        return source;
    }

    /** The rule's index in its service's list. */
    int index() {
        return index;
    }

    Decision decision() {
        return decision;
    }

    /** Cheapest conditions first; the headers, which call back into the gateway, last. */
    boolean matches(CallerIdentity caller, String method, String path, HeaderLookup lookup) {
        return conditions.methodMatches(method) && callerMatches(caller) && conditions.pathAndHeadersMatch(path, lookup);
    }

    private boolean callerMatches(CallerIdentity caller) {
        for (CallerPattern pattern : callers) {
            if (pattern.matches(caller)) {
                return true;
            }
        }
        return false;
    }
}
