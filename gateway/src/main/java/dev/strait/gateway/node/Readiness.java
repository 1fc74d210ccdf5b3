package dev.strait.gateway.node;

import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.SnapshotPublisher;

/**
 * When a node is ready for traffic: its listeners are up, its Raft group has a leader, and it
 * routes by the region's applied config (a snapshot built from replicated state is published).
 */
final class Readiness {
    private final RegionStateStore store;
    private final SnapshotPublisher snapshots;
    private volatile boolean listenersUp;

    Readiness(RegionStateStore store, SnapshotPublisher snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    void listenersUp() {
        listenersUp = true;
    }

    boolean ready() {
        return listenersUp && store.hasLeader() && store.current().config().version() > 0 && snapshots.current().version() > 0;
    }
}
