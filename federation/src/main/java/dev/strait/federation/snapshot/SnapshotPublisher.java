package dev.strait.federation.snapshot;

import java.util.concurrent.atomic.AtomicReference;

/** Holds the current routing snapshot; requests read it once, the control plane swaps it whole. */
public final class SnapshotPublisher {
    private final AtomicReference<RoutingSnapshot> current;

    public SnapshotPublisher(RoutingSnapshot initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** The snapshot to use for one whole request. */
    public RoutingSnapshot current() {
        return current.get();
    }

    /** Publishes a newer snapshot; an older or equal version is ignored, so the latest wins. */
    public void publish(RoutingSnapshot next) {
        current.accumulateAndGet(next, (prev, candidate) -> candidate.version() > prev.version() ? candidate : prev);
    }
}
