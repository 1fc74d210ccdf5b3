package dev.strait.policy.traffic;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.RequestConditions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Which calls a route is for. Each condition that is empty places no condition; a call matches when
 * any of {@code paths} matches its path, its method is one of {@code methods}, and every one of
 * {@code headers} holds. Paths are matched as {@link PathMatch} describes, against the normalized path.
 *
 * @param paths   the route matches when any of these matches; empty for any path
 * @param methods HTTP methods, kept in upper case; empty for any method
 * @param headers the route matches when all of these hold; empty for any headers
 */
public record RouteMatch(List<PathMatch> paths, Set<String> methods, List<HeaderMatch> headers) {
    /** Matches every call: a catch-all route. */
    public static final RouteMatch ANY = new RouteMatch(List.of(), Set.of(), List.of());

    public RouteMatch {
        paths = List.copyOf(paths);
        Set<String> upperCase = new LinkedHashSet<>();
        for (String method : methods) {
            upperCase.add(AuthorizationRule.parseMethod(method));
        }
        methods = Set.copyOf(upperCase);
        headers = List.copyOf(headers);
    }

    /** Whether this matches every call, so no route after it can match. */
    public boolean isCatchAll() {
        return paths.isEmpty() && methods.isEmpty() && headers.isEmpty();
    }

    /**
     * Whether a call matches. For tools and tests: it compiles the paths on each call, where
     * {@link ServiceTraffic#select} uses forms compiled once.
     *
     * @param path the normalized request path, without query
     */
    public boolean matches(String method, String path, HeaderLookup headers) {
        return compile().matches(method, path, headers);
    }

    /** The conditions in the form the request path reads, compiled once per route. */
    RequestConditions compile() {
        return new RequestConditions(methods, paths, headers);
    }

    /**
     * Whether every call {@code other} matches is matched by this too. It answers {@code false} when
     * it cannot tell, so a {@code true} is always right.
     */
    public boolean covers(RouteMatch other) {
        if (!methods.isEmpty() && (other.methods.isEmpty() || !methods.containsAll(other.methods))) {
            return false;
        }
        if (!paths.isEmpty() && (other.paths.isEmpty()
                || !other.paths.stream().allMatch(theirs -> paths.stream().anyMatch(mine -> mine.covers(theirs))))) {
            return false;
        }
        return headers.stream().allMatch(mine -> other.headers.stream().anyMatch(mine::covers));
    }

    @Override
    public String toString() {
        StringJoiner words = new StringJoiner(" ");
        if (!paths.isEmpty()) {
            words.add("paths " + paths);
        }
        if (!methods.isEmpty()) {
            words.add("methods " + methods.stream().sorted().toList());
        }
        if (!headers.isEmpty()) {
            words.add("headers " + headers);
        }
        return words.length() == 0 ? "any call" : words.toString();
    }
}
