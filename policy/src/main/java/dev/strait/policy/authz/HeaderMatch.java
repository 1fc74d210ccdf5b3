package dev.strait.policy.authz;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A condition on one request header; the name is case-insensitive (kept in lower case), the value
 * is compared case-sensitively.
 *
 * @param name      the header name, an RFC 9110 token
 * @param condition what its value must be
 */
public record HeaderMatch(String name, Condition condition) {
    /** What a header name may look like, for messages. */
    public static final String EXPECTED_NAME = "a header name of " + HttpToken.RULE;

    public HeaderMatch {
        if (!HttpToken.isValid(name)) {
            throw new InvalidAuthorizationException("header name '" + name + "' is not valid (expected: "
                    + EXPECTED_NAME + ")");
        }
        name = name.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(condition, "condition");
    }

    /** What a header's value must be. */
    public sealed interface Condition {}

    /** The header is present with exactly this value. */
    public record Exact(String value) implements Condition {
        public Exact {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The header is present and its value starts with this prefix. */
    public record Prefix(String prefix) implements Condition {
        public Prefix {
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    /** The header is present, with any value. */
    public record Present() implements Condition {}

    /** The header is absent. */
    public record Absent() implements Condition {}

    /** Whether the request's headers meet this condition. */
    public boolean matches(HeaderLookup headers) {
        Optional<String> value = headers.value(name);
        return switch (condition) {
            case Exact exact -> value.isPresent() && value.get().equals(exact.value());
            case Prefix prefix -> value.isPresent() && value.get().startsWith(prefix.prefix());
            case Present _ -> value.isPresent();
            case Absent _ -> value.isEmpty();
        };
    }

    /** Whether every request meeting {@code other} meets this match too. */
    public boolean covers(HeaderMatch other) {
        if (!name.equals(other.name)) {
            return false;
        }
        return switch (condition) {
            case Exact exact -> other.condition instanceof Exact theirs && theirs.value().equals(exact.value());
            case Prefix prefix -> switch (other.condition) {
                case Exact theirs -> theirs.value().startsWith(prefix.prefix());
                case Prefix theirs -> theirs.prefix().startsWith(prefix.prefix());
                case Present _, Absent _ -> false;
            };
            case Present _ -> !(other.condition instanceof Absent);
            case Absent _ -> other.condition instanceof Absent;
        };
    }

    @Override
    public String toString() {
        return name + " " + switch (condition) {
            case Exact exact -> "= '" + exact.value() + "'";
            case Prefix prefix -> "starts with '" + prefix.prefix() + "'";
            case Present _ -> "present";
            case Absent _ -> "absent";
        };
    }
}
