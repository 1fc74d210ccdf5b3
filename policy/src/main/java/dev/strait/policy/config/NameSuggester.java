package dev.strait.policy.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a misspelt one was probably meant to be, for "did you mean" hints. It uses
 * the optimal string alignment distance (Levenshtein plus adjacent transpositions, so that
 * {@code eu-wset} is one edit from {@code eu-west}), ignoring case. Every Strait YAML document
 * (federation configs, drill scenarios) hints with it.
 */
public final class NameSuggester {
    // Beyond these, hints cost more than they help (and a hostile file could have thousands of names).
    private static final int MAX_SUGGESTION_CANDIDATES = 1000;
    private static final int MAX_LISTED = 10;

    private NameSuggester() {}

    /**
     * The message for a reference to a name that does not exist, such as {@code unknown region
     * 'eu-wset' (did you mean 'eu-west'?)}; without a close match, the known names when they are few.
     *
     * @param kind what the name names, in the singular: {@code region}, {@code service}
     */
    public static String unknownName(String kind, String name, Collection<String> known) {
        Optional<String> suggestion = known.size() <= MAX_SUGGESTION_CANDIDATES ? closest(name, known) : Optional.empty();
        String unknown = "unknown " + kind + " '" + name + "'";
        if (suggestion.isPresent()) {
            return unknown + " (did you mean '" + suggestion.get() + "'?)";
        }
        if (known.isEmpty()) {
            return unknown + " (there are no " + kind + "s)";
        }
        return unknown + (known.size() <= MAX_LISTED ? " (known " + kind + "s: " + String.join(", ", List.copyOf(known)) + ")" : "");
    }

    /** The closest candidate within a small distance of {@code input}; the first one on ties. */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            // The distance is at least the difference in length; skipping early keeps long junk cheap.
            if (Math.abs(needle.length() - candidate.length()) > allowedDistance(candidate)) {
                continue;
            }
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (distance <= allowedDistance(candidate) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Short names allow one edit, longer ones two: more would suggest unrelated names. */
    private static int allowedDistance(String candidate) {
        return candidate.length() < 5 ? 1 : 2;
    }

    static int distance(String a, String b) {
        // Three rows of the dynamic-programming table are enough for adjacent transpositions.
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.length()];
    }
}
