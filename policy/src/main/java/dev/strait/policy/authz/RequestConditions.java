package dev.strait.policy.authz;

import java.util.List;
import java.util.Set;

/**
 * The request conditions of a rule (methods, paths, headers) in the form the request path reads:
 * arrays and compiled path matchers, tried with plain loops. Authorization rules and traffic
 * routes both match calls this way. An empty condition holds for every call.
 */
public final class RequestConditions {
    private final String[] methods;
    private final PathMatcher[] paths;
    private final HeaderMatch[] headers;

    public RequestConditions(Set<String> methods, List<PathMatch> paths, List<HeaderMatch> headers) {
        this.methods = methods.stream().sorted().toArray(String[]::new);
        this.paths = paths.stream().map(PathMatcher::compile).toArray(PathMatcher[]::new);
        this.headers = headers.toArray(HeaderMatch[]::new);
    }

    /** Cheapest conditions first; the headers, which call back into the gateway, last. */
    public boolean matches(String method, String path, HeaderLookup lookup) {
        return methodMatches(method) && pathAndHeadersMatch(path, lookup);
    }

    /** Whether the method is one of the listed ones, or none is listed. */
    public boolean methodMatches(String method) {
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

    /** Whether the path matches one of the listed paths (or none is listed) and every header condition holds. */
    public boolean pathAndHeadersMatch(String path, HeaderLookup lookup) {
        return pathMatches(path) && headersMatch(lookup);
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
