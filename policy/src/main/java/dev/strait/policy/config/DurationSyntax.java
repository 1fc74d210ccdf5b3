package dev.strait.policy.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the format writes durations: a whole number and a unit, {@code ms}, {@code s} or {@code m}
 * ({@code 500ms}, {@code 2s}, {@code 1m}). No fractions, no spaces, no compound forms such as
 * {@code 1m30s}: one spelling per value keeps configs easy to compare. Drill scenarios write
 * durations the same way.
 */
public final class DurationSyntax {
    /** How messages describe a duration. */
    static final String EXPECTED = "a duration such as 500ms or 2s";

    // Nine digits are over 30 years in minutes, and can never overflow a Duration.
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
    private static final int MAX_DIGITS = 9;

    private DurationSyntax() {}

    /** Whether {@code text} has the form of a duration, whatever its size. */
    static boolean matches(String text) {
        return DURATION.matcher(text).matches();
    }

    /** The duration {@code text} writes; empty when it is not one or has more than nine digits. */
    public static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches() || matcher.group(1).length() > MAX_DIGITS) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        });
    }

    /** The duration as the format writes it, in the largest unit that keeps it whole: {@code 90s}, {@code 2m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 && millis != 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
