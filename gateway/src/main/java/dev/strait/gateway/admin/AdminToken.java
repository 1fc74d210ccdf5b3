package dev.strait.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret that mutating admin calls carry as {@code Authorization: Bearer <token>}.
 * Its {@link #toString()} never shows the value, so a token that ends up in a log line or an
 * exception message by accident stays secret.
 *
 * @param value the token: printable ASCII without spaces, so that it travels unchanged in an HTTP header
 */
public record AdminToken(String value) {
    public AdminToken {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty (expected: a secret such as the output of 'openssl rand -hex 32')");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // Says where, never what: the message must not leak any part of the secret.
                throw new IllegalArgumentException("the admin token has a space, control or non-ASCII character at position "
                        + (i + 1) + " (expected: printable ASCII without spaces, such as the output of 'openssl rand -hex 32')");
            }
        }
    }

    /**
     * Whether {@code presented} is this token, in time that depends on neither value: both are
     * hashed first, so neither a matching prefix nor a different length shows in the timing.
     */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(sha256(value), sha256(presented));
    }

    /** The value of an {@code Authorization} header that carries this token. */
    public String bearer() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AdminToken[redacted]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
