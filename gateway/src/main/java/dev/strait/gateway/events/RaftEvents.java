package dev.strait.gateway.events;

import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.RaftStatus;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Events of the region's Raft group as this node sees them: a new leader (or none), found by
 * reading the node's Raft status a few times a second, and every config the node applies, as
 * its replicated state reports it.
 */
public final class RaftEvents implements AutoCloseable {
    private final RegionName region;
    private final RegionStateStore store;
    private final EventLog events;
    private final ScheduledExecutorService poller;
    // Written by the poller thread only.
    private Optional<NodeId> leader = Optional.empty();
    // Guarded by this: states arrive on the store's apply thread.
    private long configVersion;

    private RaftEvents(RegionName region, RegionStateStore store, EventLog events) {
        this.region = region;
        this.store = store;
        this.events = events;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("raft-events").factory());
    }

    /** Watches {@code store}: leader changes every {@code interval}, config applies as they come. */
    public static RaftEvents watch(RegionName region, RegionStateStore store, EventLog events, Duration interval) {
        RaftEvents watch = new RaftEvents(region, store, events);
        store.subscribe(watch::applied);
        watch.applied(store.current());
        watch.poller.scheduleWithFixedDelay(watch::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void poll() {
        try {
            RaftStatus status = store.status();
            if (!Objects.equals(status.leader(), leader)) {
                events.record(new Event.LeaderChange(region, leader, status.leader(), status.term()));
                leader = status.leader();
            }
        } catch (RuntimeException e) {
            // The Raft server is closing or not up yet: the next poll sees where it stands.
        }
    }

    synchronized void applied(RegionState state) {
        long version = state.config().version();
        if (version > configVersion) {
            configVersion = version;
            events.record(new Event.ConfigApply(region, version, state.config().digest()));
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
