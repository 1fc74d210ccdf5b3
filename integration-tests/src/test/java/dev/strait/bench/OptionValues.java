package dev.strait.bench;

import java.time.Duration;
import java.util.Locale;

/** Parses the values of the benchmarks' {@code --name=value} options, naming the option in every error. */
final class OptionValues {
    private OptionValues() {}

    /** {@code 500ms} or {@code 10s}. */
    static Duration duration(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + "=" + value + ": not a duration (expected: e.g. 10s or 500ms)");
    }

    /** An integer of at least {@code min}. */
    static int atLeast(int min, String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + ": '" + value + "' is not an integer >= " + min);
    }
}
