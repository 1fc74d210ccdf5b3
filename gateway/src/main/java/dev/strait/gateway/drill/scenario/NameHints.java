package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.NameSuggester;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * "Did you mean" hints for misspelt keys and names in scenarios, with the federation config's
 * {@link NameSuggester}; scenarios list the names they expect when there is no close match.
 */
final class NameHints {
    private static final int MAX_LISTED = 10;

    private NameHints() {}

    /** Such as {@code unknown region 'eu-wset' (did you mean 'eu-west'?)}; else the known names when they are few. */
    static String unknownName(String kind, String name, Collection<String> known) {
        return "unknown " + kind + " '" + name + "'" + hint(name, known, kind + "s");
    }

    /** {@code (did you mean 'x'?)} for a close match, else {@code (expected one of: ...)} when the names are few. */
    static String hint(String name, Collection<String> known, String plural) {
        Optional<String> suggestion = NameSuggester.closest(name, known);
        if (suggestion.isPresent()) {
            return " (did you mean '" + suggestion.get() + "'?)";
        }
        if (known.isEmpty()) {
            return " (there are no " + plural + ")";
        }
        return known.size() <= MAX_LISTED ? " (expected one of: " + String.join(", ", List.copyOf(known)) + ")" : "";
    }
}
