package dev.strait.policy.plan;

import java.util.Objects;

/**
 * One element of the config that differs, each side rendered on one line; an empty side means the
 * element is not there (it is added or removed).
 *
 * @param element what changed, such as {@code exportTo}, {@code endpoint payments-2} or {@code authorization[1]}
 * @param before  its rendering in the applied config, empty when the new config adds it
 * @param after   its rendering in the new config, empty when the new config removes it
 */
public record FieldChange(String element, String before, String after) {
    public FieldChange {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("a change of '" + element + "' needs a before or an after");
        }
    }

    static FieldChange added(String element, String after) {
        return new FieldChange(element, "", after);
    }

    static FieldChange removed(String element, String before) {
        return new FieldChange(element, before, "");
    }

    /** {@code element before → after}, {@code + element after} or {@code - element before}. */
    @Override
    public String toString() {
        if (before.isEmpty()) {
            return "+ " + element + " " + after;
        }
        if (after.isEmpty()) {
            return "- " + element + " " + before;
        }
        return element + " " + before + " → " + after;
    }
}
