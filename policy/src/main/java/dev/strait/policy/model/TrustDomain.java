package dev.strait.policy.model;

import java.util.regex.Pattern;

/** A SPIFFE trust domain: lower-case DNS labels joined by dots, such as {@code strait.demo}. */
public record TrustDomain(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    public TrustDomain {
        if (value == null || value.length() > 255 || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("trust domain '" + value
                    + "' is not valid (expected: lower-case DNS labels joined by '.', such as strait.example)");
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= 255 && NAME.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
