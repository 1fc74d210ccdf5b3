package dev.strait.policy.authz;

/** Checks that a rule's path, prefix or glob is a normalized path, so that it can ever match. */
final class PathSyntax {
    static final int MAX_PATTERN_SEGMENTS = 63;

    private PathSyntax() {}

    static void check(String role, String value, boolean glob, String expected) {
        if (value == null) {
            throw invalid(role + " is missing", expected);
        }
        String quoted = role + " '" + value + "'";
        if (!value.startsWith("/")) {
            throw invalid(quoted + " does not start with '/'", expected);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw invalid(quoted + " contains a space or control character", expected);
            }
            if (c == '?' || c == '#') {
                throw invalid(quoted + " contains '" + c + "'; rules match the path without query or fragment", expected);
            }
            if (c == '*' && !glob) {
                throw invalid(quoted + " contains '*', which would match only a literal '*'; use a pattern for"
                        + " wildcards", expected);
            }
        }
        String[] segments = value.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                throw invalid(quoted + " contains an empty segment ('//'), which a normalized path never has", expected);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(quoted + " contains a '" + segment + "' segment, which a normalized path never has",
                        expected);
            }
            if (glob && segment.contains("**") && !segment.equals("**")) {
                throw invalid(quoted + " has '**' inside the segment '" + segment + "'; '**' must be a whole segment",
                        expected);
            }
        }
        if (glob && segments.length > MAX_PATTERN_SEGMENTS) {
            throw invalid(quoted + " has " + segments.length + " segments, more than " + MAX_PATTERN_SEGMENTS, expected);
        }
    }

    private static InvalidAuthorizationException invalid(String what, String expected) {
        return new InvalidAuthorizationException(what + " (expected: " + expected + ")");
    }
}
