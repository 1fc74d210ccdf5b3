package dev.strait.bench;

import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One failover: close the leader of a steady group, then write through a surviving follower
 * until a write commits. The clock starts just before the leader is closed; the write loop starts
 * as soon as {@code close()} returns (a write sent while the old leader still answers could
 * commit on it and measure nothing).
 */
final class LeaderFailover {
    private static final ServiceName SERVICE = ServiceName.of(LoopbackRegion.SERVICE);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    /**
     * @param toFirstWrite from closing the leader to the first write that committed through the survivor
     * @param toNewLeader  from closing the leader to a survivor reporting itself leader
     * @param close        how long {@code close()} of the old leader took (included in both of the above)
     * @param failedWrites writes through the survivor that failed before the first one committed
     */
    record Result(Duration toFirstWrite, Duration toNewLeader, Duration close, int failedWrites) {}

    private LeaderFailover() {}

    /** Runs one failover on a steady {@code region}; leaves the old leader stopped. */
    static Result run(LoopbackRegion region, int run) throws InterruptedException {
        int leader = region.awaitSteady(Duration.ofSeconds(30));
        int survivorIndex = region.running().stream().filter(i -> i != leader).toList().get(run % 2);
        RegionStateStore survivor = region.node(survivorIndex);
        // The survivor's client has found the current leader before the clock starts, as a busy node's would have.
        if (!write(survivor, "warm", run)) {
            throw new IllegalStateException("the steady region refused a write through node " + LoopbackRegion.id(survivorIndex));
        }

        AtomicLong newLeaderAt = new AtomicLong();
        long closing = System.nanoTime();
        Thread watcher = Thread.ofVirtual().name("bench-leader-watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (int i : region.running()) {
                    if (i != leader && region.node(i).status().role() == RaftRole.LEADER) {
                        newLeaderAt.set(System.nanoTime());
                        return;
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        region.stop(leader);
        long closed = System.nanoTime();

        int failed = 0;
        while (!write(survivor, "after", run)) {
            failed++;
            if (System.nanoTime() - closing > GIVE_UP.toNanos()) {
                watcher.interrupt();
                throw new IllegalStateException("no write committed through node " + LoopbackRegion.id(survivorIndex)
                        + " within " + GIVE_UP.toSeconds() + " s of closing leader " + LoopbackRegion.id(leader));
            }
        }
        long written = System.nanoTime();
        watcher.join(GIVE_UP.toMillis());
        watcher.interrupt();
        long elected = newLeaderAt.get() == 0 ? written : newLeaderAt.get();
        return new Result(Duration.ofNanos(written - closing), Duration.ofNanos(elected - closing),
                Duration.ofNanos(closed - closing), failed);
    }

    private static boolean write(RegionStateStore node, String id, int run) {
        try {
            node.write(new RegisterEndpoint(SERVICE, EndpointId.of("failover-" + id), new HostPort("127.0.0.1", 20_000 + run)));
            return true;
        } catch (RegionUnavailableException e) {
            return false;
        } catch (CommandRejectedException e) {
            throw new IllegalStateException("the benchmark's own write was refused: " + e.getMessage(), e);
        }
    }
}
