package dev.strait.policy.authz;

import java.util.Objects;

/**
 * Which paths a rule is about. Rules match the request's path after normalization (no query, no
 * fragment, no dot segments, no empty segments), so every form must itself be a normalized path,
 * and matching is exact, character for character:
 * <pre>
 * Exact("/api/orders")   only /api/orders
 * Prefix("/api")         /api and everything below it (/api/x), never /apix or /api.
 * Prefix("/api/")        only below /api/ (/api/ and /api/x), not /api itself
 * Pattern("/api/v*")     '*' matches any run of characters within one segment (also none):
 *                        /api/v1 and /api/v, not /api/v1/x
 * Pattern("/api/**")     '**' is a whole segment and matches any number of segments (also none):
 *                        /api, /api/x/y, never /apix
 * </pre>
 * Patterns match in time linear in the path and the pattern (no backtracking).
 */
public sealed interface PathMatch {
    /** The path, prefix or glob as written. */
    String value();

    /**
     * Whether this matches every path {@code other} matches, for finding shadowed rules and routes. It
     * answers {@code false} when it cannot tell cheaply, so a {@code true} is always right.
     */
    default boolean covers(PathMatch other) {
        return PathCoverage.covers(this, Objects.requireNonNull(other, "other"));
    }

    /** Only this path. */
    static PathMatch exact(String path) {
        return new Exact(path);
    }

    /** This path and every path below it; see {@link Prefix}. */
    static PathMatch prefix(String prefix) {
        return new Prefix(prefix);
    }

    /** Paths matching a segment glob; see {@link Pattern}. */
    static PathMatch pattern(String glob) {
        return new Pattern(glob);
    }

    /** Only {@code path}. */
    record Exact(String path) implements PathMatch {
        /** What an exact path may look like, for messages. */
        public static final String EXPECTED = "a normalized path such as /api/orders";

        public Exact {
            PathSyntax.check("exact path", path, false, EXPECTED);
        }

        @Override
        public String value() {
            return path;
        }

        @Override
        public String toString() {
            return "exact " + path;
        }
    }

    /**
     * {@code prefix} and every path below it, segment by segment: {@code /api} matches {@code /api} and
     * {@code /api/x} but not {@code /apix}; a prefix ending in {@code /} matches only paths that start
     * with it ({@code /api/} matches {@code /api/} and {@code /api/x}, not {@code /api}); {@code /}
     * matches every path.
     */
    record Prefix(String prefix) implements PathMatch {
        /** What a prefix may look like, for messages. */
        public static final String EXPECTED = "a normalized path such as /api (matching /api and below) or /api/"
                + " (matching only below /api/)";

        public Prefix {
            PathSyntax.check("path prefix", prefix, false, EXPECTED);
        }

        @Override
        public String value() {
            return prefix;
        }

        @Override
        public String toString() {
            return "prefix " + prefix;
        }
    }

    /**
     * Paths matching {@code glob} segment by segment: {@code *} within a segment matches any run of
     * characters except {@code /} (also none); a segment {@code **} matches any number of whole
     * segments (also none). At most 63 segments.
     */
    record Pattern(String glob) implements PathMatch {
        /** What a pattern may look like, for messages. */
        public static final String EXPECTED = "a normalized path where '*' matches within one segment and a whole"
                + " segment '**' matches any number of segments, such as /api/*/orders/** (at most 63 segments)";

        public Pattern {
            PathSyntax.check("path pattern", glob, true, EXPECTED);
        }

        @Override
        public String value() {
            return glob;
        }

        @Override
        public String toString() {
            return "pattern " + glob;
        }
    }
}
