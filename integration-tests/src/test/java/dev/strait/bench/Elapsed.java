package dev.strait.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A measured time from one instant to another, or the lower bound it had when the benchmark
 * stopped looking ({@code reached} false): a reroute that did not finish within its window is
 * reported as "more than the window", never left out.
 *
 * @param millis  the time in milliseconds, or the window when not reached
 * @param reached whether the awaited instant came within the window
 */
record Elapsed(double millis, boolean reached) {
    /** From {@code fromNanos} to {@code at}, or more than {@code window} when {@code at} is empty. */
    static Elapsed between(long fromNanos, OptionalLong at, Duration window) {
        return at.isPresent() ? new Elapsed((at.getAsLong() - fromNanos) / 1e6, true) : new Elapsed(window.toNanos() / 1e6, false);
    }

    static Elapsed of(long fromNanos, long toNanos) {
        return new Elapsed((toNanos - fromNanos) / 1e6, true);
    }

    @Override
    public String toString() {
        return (reached ? "" : ">") + String.format(Locale.ROOT, millis >= 10 || !reached ? "%.0f" : "%.1f", millis);
    }
}
