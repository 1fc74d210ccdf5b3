package dev.strait.policy.authz;

import dev.strait.policy.model.DnsLabel;
import java.util.Objects;

/**
 * A region, service or node name in a caller pattern: a name ({@code us-east}), {@code *} for any
 * name, or a name with one {@code *} at its start or end ({@code us-*}, {@code *-internal}), where
 * {@code *} stands for any run of characters, none included.
 *
 * @param kind    which of the four forms
 * @param literal the name without the {@code *}; empty for {@link Kind#ANY}
 */
public record NameGlob(Kind kind, String literal) {
    /** What a name glob may look like, for messages. */
    public static final String EXPECTED = "a name of " + DnsLabel.RULE
            + ", or '*', or a name with one '*' at its start or end, such as us-* or *-internal";

    /** Matches any name. */
    public static final NameGlob ANY = new NameGlob(Kind.ANY, "");

    /** The four forms. */
    public enum Kind {
        /** {@code *}. */
        ANY,
        /** {@code us-east}. */
        EXACT,
        /** {@code us-*}. */
        PREFIX,
        /** {@code *-internal}. */
        SUFFIX
    }

    public NameGlob {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(literal, "literal");
        if (!isValid(kind, literal)) {
            throw new InvalidAuthorizationException("name glob '" + render(kind, literal) + "' is not valid (expected: "
                    + EXPECTED + ")");
        }
    }

    /**
     * Parses {@code text}; {@code role} names what it is for the message, such as {@code region}.
     *
     * @throws InvalidAuthorizationException when {@code text} is none of the four forms
     */
    public static NameGlob parse(String role, String text) {
        if (text != null) {
            if (text.equals("*")) {
                return ANY;
            }
            if (text.length() > 1 && text.indexOf('*') == text.length() - 1
                    && isValid(Kind.PREFIX, text.substring(0, text.length() - 1))) {
                return new NameGlob(Kind.PREFIX, text.substring(0, text.length() - 1));
            }
            if (text.length() > 1 && text.lastIndexOf('*') == 0 && isValid(Kind.SUFFIX, text.substring(1))) {
                return new NameGlob(Kind.SUFFIX, text.substring(1));
            }
            if (DnsLabel.isValid(text)) {
                return new NameGlob(Kind.EXACT, text);
            }
        }
        throw new InvalidAuthorizationException(role + " '" + text + "' is not valid (expected: " + EXPECTED + ")");
    }

    /** Whether {@code name} is one of the names this glob stands for. */
    public boolean matches(String name) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> name.equals(literal);
            case PREFIX -> name.startsWith(literal);
            case SUFFIX -> name.endsWith(literal);
        };
    }

    /** Whether every name {@code other} matches, this glob matches too. */
    public boolean covers(NameGlob other) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> other.kind == Kind.EXACT && other.literal.equals(literal);
            case PREFIX -> (other.kind == Kind.EXACT || other.kind == Kind.PREFIX) && other.literal.startsWith(literal);
            case SUFFIX -> (other.kind == Kind.EXACT || other.kind == Kind.SUFFIX) && other.literal.endsWith(literal);
        };
    }

    /** The glob as written: {@code *}, {@code us-east}, {@code us-*} or {@code *-internal}. */
    @Override
    public String toString() {
        return render(kind, literal);
    }

    private static String render(Kind kind, String literal) {
        return switch (kind) {
            case ANY -> "*";
            case EXACT -> literal;
            case PREFIX -> literal + "*";
            case SUFFIX -> "*" + literal;
        };
    }

    private static boolean isValid(Kind kind, String literal) {
        return switch (kind) {
            case ANY -> literal.isEmpty();
            case EXACT -> DnsLabel.isValid(literal);
            // The literal is part of a DNS label, so it may end (prefix) or start (suffix) with '-'.
            case PREFIX -> isLabelPart(literal) && literal.charAt(0) != '-';
            case SUFFIX -> isLabelPart(literal) && literal.charAt(literal.length() - 1) != '-';
        };
    }

    private static boolean isLabelPart(String literal) {
        if (literal.isEmpty() || literal.length() > 62) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
