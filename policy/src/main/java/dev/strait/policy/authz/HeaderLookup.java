package dev.strait.policy.authz;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request's headers as the authorization engine reads them, so the gateway can pass its own
 * header structure without copying it.
 */
@FunctionalInterface
public interface HeaderLookup {
    /** A request without headers. */
    HeaderLookup NONE = name -> Optional.empty();

    /**
     * The value of the header {@code name} (lower case; look it up case-insensitively), empty when the
     * request has none. A header sent several times must come back as its values joined by
     * {@code ", "} (RFC 9110 section 5.3), never as just one of them, or an exact match could be
     * dodged by repeating the header.
     */
    Optional<String> value(String name);

    /** Headers from a map, for tests and tools; names are compared case-insensitively. */
    static HeaderLookup of(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        var lowerCase = new HashMap<String, String>();
        headers.forEach((name, value) -> lowerCase.merge(name.toLowerCase(Locale.ROOT), value,
                (first, second) -> first + ", " + second));
        Map<String, String> copy = Map.copyOf(lowerCase);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
