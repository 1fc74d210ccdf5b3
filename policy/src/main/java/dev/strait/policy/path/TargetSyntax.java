package dev.strait.policy.path;

/**
 * The characters of an origin-form request-target (RFC 3986 section 3.3 and 3.4, RFC 9112 section
 * 3.2.1), and the check that a path is already in the form {@link PathNormalizer} produces.
 */
final class TargetSyntax {
    private static final String UPPER_HEX = "0123456789ABCDEF";
    private static final boolean[] PATH_CHARS = new boolean[128];
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-._~".toCharArray()) {
            UNRESERVED[c] = true;
        }
        System.arraycopy(UNRESERVED, 0, PATH_CHARS, 0, UNRESERVED.length);
        // sub-delims, ':' and '@': the rest of pchar apart from pct-encoded.
        for (char c : "!$&'()*+,;=:@".toCharArray()) {
            PATH_CHARS[c] = true;
        }
    }

    private TargetSyntax() {}

    /** Whether {@code c} may stand unescaped in a path segment (pchar without '%'). */
    static boolean isPathChar(char c) {
        return c < 128 && PATH_CHARS[c];
    }

    /** Whether the octet {@code b} is an RFC 3986 unreserved character, which is never escaped in normal form. */
    static boolean isUnreserved(int b) {
        return b >= 0 && b < 128 && UNRESERVED[b];
    }

    /**
     * Whether {@code c} may stand in a query that is forwarded as it came. Stricter RFC 3986 would
     * refuse {@code [ ] { } | ^ `} and {@code \}, but browsers send those unescaped in queries
     * (WHATWG URL query percent-encode set), so only what no conforming client sends raw is refused:
     * controls, space, {@code " # < >}, DEL and anything outside ASCII.
     */
    static boolean isQueryChar(char c) {
        return c > ' ' && c < 0x7f && c != '"' && c != '#' && c != '<' && c != '>';
    }

    /** The value of a hex digit of either case, or -1. */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    static char upperHex(int digit) {
        return UPPER_HEX.charAt(digit);
    }

    /** A character for a message: quoted when printable ASCII, else its code point, so hostile input never reaches a log raw. */
    static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : "U+%04X".formatted((int) c);
    }

    /**
     * Whether the segment {@code text[start, end)} is {@code "."} or {@code ".."} followed by
     * {@code ';'} and parameters, which servlet containers read as a plain dot segment.
     */
    static boolean isDotSegmentWithParameters(CharSequence text, int start, int end) {
        int length = end - start;
        if (length >= 2 && text.charAt(start) == '.') {
            char second = text.charAt(start + 1);
            return second == ';' || (second == '.' && length >= 3 && text.charAt(start + 2) == ';');
        }
        return false;
    }

    /**
     * Throws unless {@code path} is a path as {@link PathNormalizer} leaves it: it starts with
     * {@code /}, has no empty segment except a trailing one, no {@code .} or {@code ..} segment
     * (with or without parameters), only pchars, and escapes with upper-case hex that stand for
     * neither an unreserved character nor NUL. Escaped slashes and backslashes are allowed, since a
     * normalizer may be told to keep them.
     */
    static void requireNormalPath(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("not a normalized path: it must start with '/'");
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int segmentLength = i - segmentStart;
                if (segmentLength == 0 && i < path.length()) {
                    throw notNormal(path, "has an empty segment ('//') at index " + i);
                }
                if (isDotSegment(path, segmentStart, segmentLength) || isDotSegmentWithParameters(path, segmentStart, i)) {
                    throw notNormal(path, "has a dot segment ending at index " + i);
                }
                segmentStart = i + 1;
                continue;
            }
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isUpperHex(path.charAt(i + 1)) || !isUpperHex(path.charAt(i + 2))) {
                    throw notNormal(path, "has an escape that is malformed or not upper case at index " + i);
                }
                int octet = hexValue(path.charAt(i + 1)) * 16 + hexValue(path.charAt(i + 2));
                if (isUnreserved(octet) || octet == 0) {
                    throw notNormal(path, "escapes " + describe((char) octet) + " at index " + i);
                }
                i += 2;
            } else if (!isPathChar(c)) {
                throw notNormal(path, "has character " + describe(c) + " at index " + i);
            }
        }
    }

    /** Throws unless {@code query} holds only what {@link #isQueryChar} allows. */
    static void requireQuery(String query) {
        for (int i = 0; i < query.length(); i++) {
            if (!isQueryChar(query.charAt(i))) {
                throw new IllegalArgumentException("not a forwardable query: character " + describe(query.charAt(i))
                        + " at index " + i + " must be percent-encoded");
            }
        }
    }

    private static boolean isDotSegment(String path, int start, int length) {
        return (length == 1 && path.charAt(start) == '.')
                || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static IllegalArgumentException notNormal(String path, String problem) {
        return new IllegalArgumentException("not a normalized path: it " + problem
                + " (expected: the output of PathNormalizer.normalize)");
    }
}
