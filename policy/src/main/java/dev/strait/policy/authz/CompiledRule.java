package dev.strait.policy.authz;

import dev.strait.policy.model.ServiceName;

/** One rule in the form the request path reads: arrays, compiled path matchers, its decision built once. */
final class CompiledRule {
    private final AuthorizationRule source;
    private final int index;
    private final CallerPattern[] callers;
    private final String[] methods;
    private final PathMatcher[] paths;
    private final HeaderMatch[] headers;
    private final Decision decision;

    CompiledRule(ServiceName service, int index, AuthorizationRule rule) {
        this.source = rule;
        this.index = index;
        callers = rule.from().toArray(CallerPattern[]::new);
        methods = rule.methods().stream().sorted().toArray(String[]::new);
        paths = rule.paths().stream().map(PathMatcher::compile).toArray(PathMatcher[]::new);
        headers = rule.headers().toArray(HeaderMatch[]::new);
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
        return methodMatches(method) && callerMatches(caller) && pathMatches(path) && headersMatch(lookup);
    }

    private boolean methodMatches(String method) {
        if (methods.length == 0) {
            return true;
        }
        // Case-insensitive on purpose: a deny of GET must not be dodged by sending "get".
        for (String candidate : methods) {
            if (candidate.equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean callerMatches(CallerIdentity caller) {
        for (CallerPattern pattern : callers) {
            if (pattern.matches(caller)) {
                return true;
            }
        }
        return false;
    }

    private boolean pathMatches(String path) {
        if (paths.length == 0) {
            return true;
        }
        for (PathMatcher matcher : paths) {
            if (matcher.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private boolean headersMatch(HeaderLookup lookup) {
        for (HeaderMatch header : headers) {
            if (!header.matches(lookup)) {
                return false;
            }
        }
        return true;
    }
}
