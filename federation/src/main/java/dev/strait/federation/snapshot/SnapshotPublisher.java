package dev.strait.federation.snapshot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Holds the current routing snapshot; requests read it once, the control plane swaps it whole. */
public final class SnapshotPublisher {
    private final AtomicReference<RoutingSnapshot> current;
    private final List<Consumer<RoutingSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public SnapshotPublisher(RoutingSnapshot initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** The snapshot to use for one whole request. */
    public RoutingSnapshot current() {
        return current.get();
    }

    /** Publishes a newer snapshot; an older or equal version is ignored, so the latest wins. */
    public void publish(RoutingSnapshot next) {
        RoutingSnapshot now = current.accumulateAndGet(next, (prev, candidate) -> candidate.version() > prev.version() ? candidate : prev);
        if (now == next) {
            listeners.forEach(listener -> listener.accept(next));
        }
    }

    /** Calls {@code listener} with every snapshot published from now on, on the publishing thread; it must return quickly. */
    public void subscribe(Consumer<RoutingSnapshot> listener) {
        listeners.add(listener);
    }
}
