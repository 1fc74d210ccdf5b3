package dev.strait.gateway.drill.report;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Whether one expectation held.
 *
 * @param expectation   the expectation in words, such as {@code max-error-rate in phase outage ≤ 2%}
 * @param passed        whether it held
 * @param measured      what was measured, such as {@code 3.4%} or {@code moved after 0.75 s}
 * @param failedAtMillis when it broke: the offset of the first offending bucket or call; empty when
 *                      it held, or when no single time is to blame
 * @param sentence      a sentence for people, such as {@code max-error-rate in phase outage: 3.4% > 2% (first failing bucket at 12.25 s)}
 */
public record Verdict(String expectation, boolean passed, String measured, OptionalLong failedAtMillis, String sentence) {
    public Verdict {
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(failedAtMillis, "failedAtMillis");
        Objects.requireNonNull(sentence, "sentence");
    }

    /** The runner's verdict on {@code no-committed-state-lost}: {@code detail} says what was checked or what is missing. */
    public static Verdict committedState(boolean kept, String detail) {
        return new Verdict("no-committed-state-lost", kept, detail, OptionalLong.empty(),
                "no-committed-state-lost: " + (kept ? "held" : "FAILED") + " (" + detail + ")");
    }
}
