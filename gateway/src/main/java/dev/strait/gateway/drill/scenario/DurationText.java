package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.DurationSyntax;
import java.time.Duration;
import java.util.Optional;

/**
 * How scenarios write durations: the same way as the federation config ({@link DurationSyntax}),
 * a whole number and a unit, {@code ms}, {@code s} or {@code m} ({@code 250ms}, {@code 10s}, {@code 2m}).
 */
final class DurationText {
    /** How messages describe a duration. */
    static final String EXPECTED = "a duration such as 250ms, 10s or 2m";

    private DurationText() {}

    /** The duration {@code text} writes; empty when it is not one. */
    static Optional<Duration> parse(String text) {
        return DurationSyntax.parse(text);
    }

    /** The duration as scenarios write it, in the largest unit that keeps it whole: {@code 90s}, {@code 2m}. */
    static String format(Duration duration) {
        return DurationSyntax.format(duration);
    }
}
