package dev.strait.policy.path;

/**
 * Why a request-target was refused. Every reason means the same to the client, 400
 * {@code bad_request}, and the request never reaches an upstream; the reason is for logs and metrics.
 */
public enum PathRejection {
    /** Longer than {@link PathNormalizer#maxTargetLength()}. */
    TOO_LONG,
    /** Not origin form ({@code /path?query}): empty, {@code *}, absolute form, or anything else not starting with {@code /}. */
    NOT_ORIGIN_FORM,
    /** Has a {@code #}: fragments are never part of a request-target. */
    FRAGMENT,
    /** A {@code %} not followed by two hex digits in the path ({@code %}, {@code %2}, {@code %zz}). */
    MALFORMED_ESCAPE,
    /** {@code %2F} in the path: servers disagree on whether it separates segments. */
    ENCODED_SLASH,
    /** {@code %5C} in the path: some servers decode it and then read it as {@code /}. */
    ENCODED_BACKSLASH,
    /** A raw {@code \} in the path: some servers read it as {@code /}. */
    BACKSLASH,
    /** {@code %00} in the path: servers written in C may end the path there. */
    ENCODED_NUL,
    /** A {@code .;} or {@code ..;} segment: servlet containers drop the parameters and read a dot segment. */
    DOT_SEGMENT_WITH_PARAMETERS,
    /** A character that must have been percent-encoded: controls, NUL, space, non-ASCII, or (in the path) any non-pchar. */
    ILLEGAL_CHARACTER
}
