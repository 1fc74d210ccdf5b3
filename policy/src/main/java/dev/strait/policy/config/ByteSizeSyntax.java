package dev.strait.policy.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the format writes an amount of bytes in text: a whole number and a binary unit, {@code KiB},
 * {@code MiB} or {@code GiB} ({@code 64MiB}). A plain YAML integer is a number of bytes; the
 * {@link ValueReader} handles that case.
 */
final class ByteSizeSyntax {
    /** How messages describe a size. */
    static final String EXPECTED = "a size such as 64MiB or 67108864 (bytes; units: KiB, MiB, GiB)";

    private static final Pattern SIZE = Pattern.compile("([0-9]+)(KiB|MiB|GiB)");
    private static final Map<String, Long> UNITS = Map.of("KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);
    // Eighteen digits always fit a long; a larger unit is checked for overflow below.
    private static final int MAX_DIGITS = 18;

    private ByteSizeSyntax() {}

    /** Whether {@code text} has the form of a size with a unit, whatever its size. */
    static boolean matches(String text) {
        return SIZE.matcher(text).matches();
    }

    /** The number of bytes {@code text} writes; empty when it is not a size with a unit or does not fit a long. */
    static Optional<Long> parse(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches() || matcher.group(1).length() > MAX_DIGITS) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2))));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
