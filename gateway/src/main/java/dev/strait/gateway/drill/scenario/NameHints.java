package dev.strait.gateway.drill.scenario;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" hints for misspelt keys and names, by optimal string alignment distance
 * (Levenshtein plus adjacent transpositions), ignoring case: the same rule as the federation
 * config's messages.
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
        Optional<String> suggestion = closest(name, known);
        if (suggestion.isPresent()) {
            return " (did you mean '" + suggestion.get() + "'?)";
        }
        if (known.isEmpty()) {
            return " (there are no " + plural + ")";
        }
        return known.size() <= MAX_LISTED ? " (expected one of: " + String.join(", ", List.copyOf(known)) + ")" : "";
    }

    /** The closest candidate within a small distance of {@code input}; the first one on ties. */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int allowed = candidate.length() < 5 ? 1 : 2;
            if (Math.abs(needle.length() - candidate.length()) > allowed) {
                continue;
            }
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
