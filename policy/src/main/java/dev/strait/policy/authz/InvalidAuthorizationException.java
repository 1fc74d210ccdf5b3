package dev.strait.policy.authz;

/**
 * An authorization element that cannot be used: a caller pattern, path, header or method that does
 * not parse, or rules that {@link CompiledAuthorization#compile} refuses. The message says what was
 * given and what is expected, ready to follow {@code FILE:LINE:COL:}.
 */
public final class InvalidAuthorizationException extends IllegalArgumentException {
    public InvalidAuthorizationException(String message) {
        super(message);
    }
}
