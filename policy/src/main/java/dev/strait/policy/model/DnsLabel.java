package dev.strait.policy.model;

import java.util.regex.Pattern;

/** The rule every name in a federation follows: an RFC 1123 DNS label, lower case. */
public final class DnsLabel {
    /** The rule in words, for messages: what a name must look like. */
    public static final String RULE = "1-63 of a-z, 0-9 and '-', not starting or ending with '-'";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DnsLabel() {}

    /** Whether {@code value} is a lower-case DNS label of 1 to 63 characters. */
    public static boolean isValid(String value) {
        return value != null && LABEL.matcher(value).matches();
    }

    static String require(String kind, String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(kind + " '" + value + "' is not a DNS label (expected: " + RULE + ")");
        }
        return value;
    }
}
