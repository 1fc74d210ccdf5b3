package dev.strait.gateway.drill.scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How scenarios write durations, the same way as the federation config: a whole number and a
 * unit, {@code ms}, {@code s} or {@code m} ({@code 250ms}, {@code 10s}, {@code 2m}).
 */
final class DurationText {
    /** How messages describe a duration. */
    static final String EXPECTED = "a duration such as 250ms, 10s or 2m";

    // Nine digits are over 30 years in minutes, and can never overflow a Duration.
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");

    private DurationText() {}

    /** The duration {@code text} writes; empty when it is not one. */
    static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        });
    }

    /** The duration as scenarios write it, in the largest unit that keeps it whole: {@code 90s}, {@code 2m}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 && millis != 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
