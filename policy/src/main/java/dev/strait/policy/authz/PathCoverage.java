package dev.strait.policy.authz;

import java.util.Arrays;

/**
 * Whether one path match matches every path another matches, for finding shadowed rules. It
 * answers {@code false} when it cannot tell cheaply, so a {@code true} is always right.
 */
final class PathCoverage {
    private PathCoverage() {}

    static boolean covers(PathMatch mine, PathMatch theirs) {
        if (mine.equals(theirs)) {
            return true;
        }
        PathMatcher matcher = PathMatcher.compile(mine);
        return switch (theirs) {
            case PathMatch.Exact exact -> matcher.matches(exact.path());
            case PathMatch.Prefix prefix -> coversPrefix(mine, matcher, prefix.prefix());
            case PathMatch.Pattern pattern -> coversPattern(mine, matcher, pattern.glob());
        };
    }

    /** Everything a prefix matches is {@code prefix} itself or below it. */
    private static boolean coversPrefix(PathMatch mine, PathMatcher matcher, String prefix) {
        return switch (mine) {
            // A prefix that matches a path also matches everything below that path.
            case PathMatch.Prefix _ -> matcher.matches(prefix);
            case PathMatch.Pattern pattern -> {
                String glob = pattern.glob();
                if (glob.equals("/**")) {
                    yield true;
                }
                if (!glob.endsWith("/**") || prefix.equals("/")) {
                    yield false;
                }
                // BASE/** matches P and everything below P whenever BASE matches P.
                String base = glob.substring(0, glob.length() - "/**".length());
                String path = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
                yield PathMatcher.compile(new PathMatch.Pattern(base)).matches(path);
            }
            case PathMatch.Exact _ -> false;
        };
    }

    /** A glob's paths all lie below its leading literal segments. */
    private static boolean coversPattern(PathMatch mine, PathMatcher matcher, String glob) {
        String[] segments = glob.substring(1).split("/", -1);
        int wildcard = 0;
        while (wildcard < segments.length && !segments[wildcard].contains("*")) {
            wildcard++;
        }
        if (wildcard == segments.length) {
            return matcher.matches(glob); // no wildcard: a single path
        }
        if (!(mine instanceof PathMatch.Prefix)) {
            return false;
        }
        String head = "/" + String.join("/", Arrays.copyOf(segments, wildcard));
        // A '**' may match no segment, so the glob can match the head itself; a '*' segment cannot.
        String lowest = segments[wildcard].equals("**") ? head : (wildcard == 0 ? "/" : head + "/");
        return matcher.matches(lowest);
    }
}
