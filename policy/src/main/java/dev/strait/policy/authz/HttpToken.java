package dev.strait.policy.authz;

/** RFC 9110 section 5.6.2 tokens, the syntax of header names and method names. */
public final class HttpToken {
    /** The rule in words, for messages. */
    public static final String RULE = "one or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~";

    private HttpToken() {}

    /** Whether {@code value} is a non-empty RFC 9110 token. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
