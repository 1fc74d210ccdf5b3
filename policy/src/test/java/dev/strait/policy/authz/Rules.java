package dev.strait.policy.authz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules written in one line for test tables: {@code ACTION [from=P,P] [methods=M,M] [path=KIND:VALUE]...
 * [header=NAME=VALUE | NAME^=PREFIX | NAME? | NAME!]...}, such as
 * {@code allow from=service:orders methods=GET path=prefix:/api header=x-env=prod}.
 */
final class Rules {
    private Rules() {}

    static List<AuthorizationRule> parse(String... lines) {
        return Arrays.stream(lines).map(Rules::rule).toList();
    }

    static AuthorizationRule rule(String line) {
        String[] words = line.trim().split("\\s+");
        Action action = Action.valueOf(words[0].toUpperCase(Locale.ROOT));
        List<CallerPattern> from = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        List<PathMatch> paths = new ArrayList<>();
        List<HeaderMatch> headers = new ArrayList<>();
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            int equals = word.indexOf('=');
            String key = word.substring(0, equals);
            String value = word.substring(equals + 1);
            switch (key) {
                case "from" -> Arrays.stream(value.split(",")).map(CallerPattern::parse).forEach(from::add);
                case "methods" -> methods.addAll(Arrays.asList(value.split(",")));
                case "path" -> paths.add(path(value));
                case "header" -> headers.add(header(value));
                default -> throw new IllegalArgumentException("unknown key " + key + " in " + line);
            }
        }
        return new AuthorizationRule(action, from, methods, paths, headers);
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
}
