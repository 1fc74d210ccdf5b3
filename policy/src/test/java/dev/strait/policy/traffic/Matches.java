package dev.strait.policy.traffic;

import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Route matches written in one line for test tables: {@code [path=KIND:VALUE]... [methods=M,M]
 * [header=NAME=VALUE | NAME^=PREFIX | NAME? | NAME!]...}, such as
 * {@code path=prefix:/api methods=GET header=x-canary=1}; {@code *} is {@link RouteMatch#ANY}.
 */
final class Matches {
    private Matches() {}

    static RouteMatch parse(String line) {
        if (line.isBlank() || line.equals("*")) {
            return RouteMatch.ANY;
        }
        List<PathMatch> paths = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        List<HeaderMatch> headers = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            int equals = word.indexOf('=');
            String value = word.substring(equals + 1);
            switch (word.substring(0, equals)) {
                case "path" -> paths.add(path(value));
                case "methods" -> methods.addAll(Arrays.asList(value.split(",")));
                case "header" -> headers.add(header(value));
                default -> throw new IllegalArgumentException("unknown key in " + line);
            }
        }
        return new RouteMatch(paths, methods, headers);
    }

    private static PathMatch path(String value) {
        int colon = value.indexOf(':');
        String path = value.substring(colon + 1);
        return switch (value.substring(0, colon)) {
            case "exact" -> PathMatch.exact(path);
            case "prefix" -> PathMatch.prefix(path);
            case "pattern" -> PathMatch.pattern(path);
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static HeaderMatch header(String value) {
        if (value.endsWith("?")) {
            return new HeaderMatch(value.substring(0, value.length() - 1), new HeaderMatch.Present());
        }
        if (value.endsWith("!")) {
            return new HeaderMatch(value.substring(0, value.length() - 1), new HeaderMatch.Absent());
        }
        int prefix = value.indexOf("^=");
        if (prefix > 0) {
            return new HeaderMatch(value.substring(0, prefix), new HeaderMatch.Prefix(value.substring(prefix + 2)));
        }
        int equals = value.indexOf('=');
        return new HeaderMatch(value.substring(0, equals), new HeaderMatch.Exact(value.substring(equals + 1)));
    }

    /** Request headers written as {@code name=value;name=value}; blank for none. */
    static HeaderLookup headers(String line) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!line.isBlank()) {
            for (String header : line.split(";")) {
                int equals = header.indexOf('=');
                headers.put(header.substring(0, equals).trim(), header.substring(equals + 1));
            }
        }
        return HeaderLookup.of(headers);
    }
}
