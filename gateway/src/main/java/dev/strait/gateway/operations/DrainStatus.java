package dev.strait.gateway.operations;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node is in its drain.
 *
 * @param phase    serving, draining or closed
 * @param deadline when the drain stops waiting for calls in flight; empty while serving
 */
public record DrainStatus(Phase phase, Optional<Instant> deadline) {
    /** The phases of a drain, in order; a node never goes back. */
    public enum Phase {
        /** Taking calls as usual. */
        SERVING,
        /** Not ready, no longer accepting connections; calls in flight are finishing. */
        DRAINING,
        /** Drained and closed. */
        CLOSED
    }

    /** A node that takes calls as usual. */
    public static final DrainStatus SERVING = new DrainStatus(Phase.SERVING, Optional.empty());

    public DrainStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(deadline, "deadline");
        if ((phase == Phase.SERVING) != deadline.isEmpty()) {
            throw new IllegalArgumentException("phase " + phase + " with deadline " + deadline
                    + " (expected: a deadline exactly when the drain has begun)");
        }
    }

    /** Whether the drain has begun (draining or already closed). */
    public boolean begun() {
        return phase != Phase.SERVING;
    }
}
