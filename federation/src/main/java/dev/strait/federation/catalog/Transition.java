package dev.strait.federation.catalog;

import java.util.Objects;

/**
 * What a command does to a region's state: either a new state, or a refusal with the reason.
 * A refusal at apply time still advances the applied index; it only leaves the data alone.
 */
public sealed interface Transition {
    /** The command fits the state; {@code state} is the result (before the applied index is set). */
    record Changed(RegionState state) implements Transition {
        public Changed {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The command does not fit the state; {@code reason} says why and what to do instead. */
    record Refused(String reason) implements Transition {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
