package dev.strait.policy.authz;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One allow or deny rule of a service: it matches a call when the caller matches one of
 * {@code from}, and the method, path and headers match. Empty {@code methods}, {@code paths} or
 * {@code headers} place no condition.
 *
 * @param action  what the rule does when it matches
 * @param from    the callers it is about; must not be empty ({@link ServiceAuthorization#problems()}
 *                reports an empty list and {@link CompiledAuthorization#compile} refuses it)
 * @param methods HTTP method tokens, kept in upper case and matched case-insensitively; empty means any
 * @param paths   the rule matches when any of these matches; empty means any path
 * @param headers the rule matches when all of these hold; empty means any headers
 */
public record AuthorizationRule(
        Action action, List<CallerPattern> from, Set<String> methods, List<PathMatch> paths, List<HeaderMatch> headers) {

    public AuthorizationRule {
        Objects.requireNonNull(action, "action");
        from = List.copyOf(from);
        Set<String> upperCase = new LinkedHashSet<>();
        for (String method : methods) {
            upperCase.add(method.toUpperCase(Locale.ROOT));
        }
        methods = Set.copyOf(upperCase);
        paths = List.copyOf(paths);
        headers = List.copyOf(headers);
    }

    /** A rule of {@code action} from {@code from}, for any method, path and headers. */
    public static AuthorizationRule of(Action action, List<CallerPattern> from) {
        return new AuthorizationRule(action, from, Set.of(), List.of(), List.of());
    }

    /** This rule, narrowed to {@code newMethods} instead of its methods. */
    public AuthorizationRule withMethods(Set<String> newMethods) {
        return new AuthorizationRule(action, from, newMethods, paths, headers);
    }

    /** This rule, narrowed to {@code newPaths} instead of its paths. */
    public AuthorizationRule withPaths(List<PathMatch> newPaths) {
        return new AuthorizationRule(action, from, methods, newPaths, headers);
    }

    /** This rule, narrowed to {@code newHeaders} instead of its headers. */
    public AuthorizationRule withHeaders(List<HeaderMatch> newHeaders) {
        return new AuthorizationRule(action, from, methods, paths, newHeaders);
    }

    /**
     * An HTTP method name as a rule keeps it: any RFC 9110 token, in upper case.
     *
     * @throws InvalidAuthorizationException when {@code method} is not a token
     */
    public static String parseMethod(String method) {
        if (!isMethod(method)) {
            throw new InvalidAuthorizationException(methodProblem(method));
        }
        return method.toUpperCase(Locale.ROOT);
    }

    static boolean isMethod(String method) {
        return HttpToken.isValid(method);
    }

    static String methodProblem(String method) {
        return "method '" + method + "' is not an HTTP method name (expected: " + HttpToken.RULE + ", such as GET)";
    }

    /**
     * Whether this rule matches every call {@code other} matches, judged on the rules alone. It
     * answers {@code false} when it cannot tell, so a {@code true} is always right.
     */
    boolean covers(AuthorizationRule other) {
        if (!other.from.stream().allMatch(theirs -> from.stream().anyMatch(mine -> mine.covers(theirs)))) {
            return false;
        }
        if (!methods.isEmpty() && (other.methods.isEmpty() || !methods.containsAll(other.methods))) {
            return false;
        }
        if (!paths.isEmpty() && (other.paths.isEmpty()
                || !other.paths.stream().allMatch(theirs -> paths.stream().anyMatch(mine -> PathCoverage.covers(mine, theirs))))) {
            return false;
        }
        return headers.stream().allMatch(mine -> other.headers.stream().anyMatch(mine::covers));
    }

    @Override
    public String toString() {
        return action.name().toLowerCase(Locale.ROOT) + " from " + from
                + (methods.isEmpty() ? "" : " methods " + methods)
                + (paths.isEmpty() ? "" : " paths " + paths)
                + (headers.isEmpty() ? "" : " headers " + headers);
    }
}
