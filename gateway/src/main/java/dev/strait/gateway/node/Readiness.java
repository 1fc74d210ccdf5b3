package dev.strait.gateway.node;

import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.SnapshotPublisher;
import java.util.function.BooleanSupplier;

/**
 * When a node is ready for traffic: its listeners are up, its Raft group has a leader, it routes
 * by the region's applied config (a snapshot built from replicated state is published), and it is
 * not draining.
 */
final class Readiness {
    private final RegionStateStore store;
    private final SnapshotPublisher snapshots;
    private final BooleanSupplier draining;
    private volatile boolean listenersUp;

    /** @param draining whether the node's drain has begun; from then on it is never ready again */
    Readiness(RegionStateStore store, SnapshotPublisher snapshots, BooleanSupplier draining) {
        this.store = store;
        this.snapshots = snapshots;
        this.draining = draining;
    }

    void listenersUp() {
        listenersUp = true;
    }

    boolean ready() {
        return listenersUp && routing();
    }

    /**
     * Whether the node routes by its region's replicated state (a leader, an applied config, a
     * snapshot built from them) and is not draining, whether or not its listeners are up yet.
     */
    boolean routing() {
        return !draining.getAsBoolean() && store.hasLeader() && store.current().config().version() > 0 && snapshots.current().version() > 0;
    }
}
