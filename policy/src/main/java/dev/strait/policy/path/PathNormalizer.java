package dev.strait.policy.path;

import dev.strait.policy.path.PathNormalization.Normalized;
import dev.strait.policy.path.PathNormalization.Rejected;
import java.util.Objects;
import java.util.Optional;

/**
 * Normalizes an origin-form request-target once, in one pass, before anything matches on it:
 * percent-decodes unreserved characters and upper-cases the hex of every other escape, merges
 * repeated slashes, removes dot segments (a decoded {@code %2E} is a dot), and leaves the query as
 * it came. Targets that servers could read in more than one way are refused; see
 * {@link PathRejection}. Work is linear in the length of the target, which is bounded by
 * {@link #maxTargetLength()}.
 *
 * <p>Slashes are merged before dot segments are removed, so {@code /a//../b} is {@code /b} (as
 * nginx and most file servers read it), where RFC 3986 alone, and Envoy, which merges after
 * normalizing, give {@code /a/b}. Either is safe here because the upstream gets this output, not
 * the raw target.
 *
 * @param escapedSlashes what to do with {@code %2F} and {@code %5C} in the path
 * @param backslashes what to do with a raw {@code \} in the path
 * @param maxTargetLength the longest target accepted, in characters, path and query together
 */
public record PathNormalizer(EscapedSlashAction escapedSlashes, BackslashAction backslashes, int maxTargetLength) {
    /** 8 KiB, the request-line limit of most servers. */
    public static final int DEFAULT_MAX_TARGET_LENGTH = 8 * 1024;

    private static final PathNormalizer STRICT =
            new PathNormalizer(EscapedSlashAction.REJECT, BackslashAction.REJECT, DEFAULT_MAX_TARGET_LENGTH);

    /** What to do with an encoded slash ({@code %2F}) or backslash ({@code %5C}) in the path. */
    public enum EscapedSlashAction {
        /** Refuse the request (Envoy's {@code REJECT_REQUEST}); the default. */
        REJECT,
        /**
         * Keep it escaped, as data within one segment, with its hex upper-cased (Envoy's
         * {@code KEEP_UNCHANGED}). Only safe when every upstream behind the gateway agrees.
         */
        KEEP_ESCAPED
    }

    /** What to do with a raw backslash in the path. */
    public enum BackslashAction {
        /** Refuse the request; the default. */
        REJECT,
        /** Read it as {@code /}, as browsers and IIS do (and Envoy's {@code normalize_path}). */
        TREAT_AS_SLASH
    }

    public PathNormalizer {
        Objects.requireNonNull(escapedSlashes, "escapedSlashes");
        Objects.requireNonNull(backslashes, "backslashes");
        if (maxTargetLength < 1) {
            throw new IllegalArgumentException("maxTargetLength " + maxTargetLength + " is out of range (expected: 1 or more)");
        }
    }

    /** Refuses escaped slashes and backslashes, and targets longer than {@value #DEFAULT_MAX_TARGET_LENGTH} characters. */
    public static PathNormalizer strict() {
        return STRICT;
    }

    public PathNormalizer withEscapedSlashes(EscapedSlashAction action) {
        return new PathNormalizer(action, backslashes, maxTargetLength);
    }

    public PathNormalizer withBackslashes(BackslashAction action) {
        return new PathNormalizer(escapedSlashes, action, maxTargetLength);
    }

    public PathNormalizer withMaxTargetLength(int length) {
        return new PathNormalizer(escapedSlashes, backslashes, length);
    }

    /**
     * Normalizes {@code rawTarget}, the request-target in origin form as the server decoded the
     * request line, or says why it is refused. Normalizing a result's {@link RequestPath#target()}
     * again gives the same result.
     */
    public PathNormalization normalize(String rawTarget) {
        Objects.requireNonNull(rawTarget, "rawTarget");
        int length = rawTarget.length();
        if (length > maxTargetLength) {
            return reject(PathRejection.TOO_LONG, "request target is " + length
                    + " characters long, more than the limit of " + maxTargetLength);
        }
        if (length == 0 || rawTarget.charAt(0) != '/') {
            return reject(PathRejection.NOT_ORIGIN_FORM, "request target must be in origin form, starting with '/'"
                    + (length == 0 ? " (it is empty)" : " (it starts with " + TargetSyntax.describe(rawTarget.charAt(0)) + ")"));
        }
        int queryStart = rawTarget.indexOf('?');
        int pathEnd = queryStart < 0 ? length : queryStart;

        // The path is built segment by segment; `out` always ends with '/' between segments, and
        // `segmentStart` is where the segment being read begins in it.
        StringBuilder out = new StringBuilder(pathEnd);
        out.append('/');
        int segmentStart = 1;
        int i = 1;
        while (true) {
            boolean atEnd = i == pathEnd;
            char c = atEnd ? '/' : rawTarget.charAt(i);
            if (atEnd || c == '/' || (c == '\\' && backslashes == BackslashAction.TREAT_AS_SLASH)) {
                int segmentLength = out.length() - segmentStart;
                if (segmentLength == 0) {
                    // Repeated (or trailing) slash: merged.
                } else if (segmentLength == 1 && out.charAt(segmentStart) == '.') {
                    out.setLength(segmentStart);
                } else if (segmentLength == 2 && out.charAt(segmentStart) == '.' && out.charAt(segmentStart + 1) == '.') {
                    out.setLength(segmentStart);
                    removeLastSegment(out);
                } else if (TargetSyntax.isDotSegmentWithParameters(out, segmentStart, out.length())) {
                    return reject(PathRejection.DOT_SEGMENT_WITH_PARAMETERS, "path segment ending at index " + i
                            + " is a dot segment with parameters ('.;' or '..;'), which servlet containers read as '.' or '..'");
                } else if (!atEnd) {
                    out.append('/');
                }
                // A dot segment at the end leaves the trailing '/', as RFC 3986 section 5.2.4 does: /a/b/.. is /a/.
                if (atEnd) {
                    break;
                }
                segmentStart = out.length();
                i++;
            } else if (c == '%') {
                int high = i + 2 < pathEnd ? TargetSyntax.hexValue(rawTarget.charAt(i + 1)) : -1;
                int low = i + 2 < pathEnd ? TargetSyntax.hexValue(rawTarget.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    return reject(PathRejection.MALFORMED_ESCAPE, "malformed percent-encoding at index " + i
                            + " of the path (expected: '%' followed by two hex digits; a literal '%' is '%25')");
                }
                int octet = high * 16 + low;
                if (TargetSyntax.isUnreserved(octet)) {
                    out.append((char) octet);
                } else if (octet == 0) {
                    return reject(PathRejection.ENCODED_NUL, "encoded NUL '%00' at index " + i + " of the path");
                } else if ((octet == '/' || octet == '\\') && escapedSlashes == EscapedSlashAction.REJECT) {
                    return octet == '/'
                            ? reject(PathRejection.ENCODED_SLASH, "encoded slash '%2F' at index " + i
                                    + " of the path; it is refused because servers disagree on whether it separates segments")
                            : reject(PathRejection.ENCODED_BACKSLASH, "encoded backslash '%5C' at index " + i
                                    + " of the path; it is refused because some servers decode it and read it as '/'");
                } else {
                    out.append('%').append(TargetSyntax.upperHex(high)).append(TargetSyntax.upperHex(low));
                }
                i += 3;
            } else if (TargetSyntax.isPathChar(c)) {
                out.append(c);
                i++;
            } else {
                return rejectCharacter(c, i, "path");
            }
        }

        Optional<String> query = Optional.empty();
        if (queryStart >= 0) {
            for (int j = queryStart + 1; j < length; j++) {
                char c = rawTarget.charAt(j);
                if (!TargetSyntax.isQueryChar(c)) {
                    return rejectCharacter(c, j, "query");
                }
            }
            query = Optional.of(rawTarget.substring(queryStart + 1));
        }
        return new Normalized(new RequestPath(out.toString(), query));
    }

    /** Drops the last segment of {@code out}, which ends with '/'; at the root there is nothing above to go to. */
    private static void removeLastSegment(StringBuilder out) {
        if (out.length() > 1) {
            // Each character is scanned here at most once, as it is removed: the whole pass stays linear.
            out.setLength(out.lastIndexOf("/", out.length() - 2) + 1);
        }
    }

    private static Rejected rejectCharacter(char c, int index, String part) {
        if (c == '#') {
            return reject(PathRejection.FRAGMENT, "request target has a fragment ('#' at index " + index
                    + "); clients must not send fragments, and a literal '#' is '%23'");
        }
        if (c == '\\' && part.equals("path")) {
            return reject(PathRejection.BACKSLASH, "backslash at index " + index
                    + " of the path; it is refused because some servers read it as '/'");
        }
        return reject(PathRejection.ILLEGAL_CHARACTER, "character " + TargetSyntax.describe(c) + " at index " + index
                + " of the " + part + " must be percent-encoded");
    }

    private static Rejected reject(PathRejection reason, String message) {
        return new Rejected(reason, message);
    }
}
