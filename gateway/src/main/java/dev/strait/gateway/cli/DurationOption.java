package dev.strait.gateway.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads a duration option the way the config writes durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher matcher = SYNTAX.matcher(value.strip());
        if (!matcher.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (expected: a whole number and a unit, "
                    + "ms, s, m or h, such as 30s)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
