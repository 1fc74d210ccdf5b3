package dev.strait.bench;

import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RaftSettings;
import dev.strait.federation.raft.RaftStatus;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.it.support.FreePorts;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Three {@link RegionStateStore}s of region {@code eu-west} on loopback, with the default
 * {@link RaftSettings} (election timeout 1-2 s, write timeout 5 s, raft snapshot every 10,000
 * entries) and one data directory per node under {@code root}.
 */
final class LoopbackRegion implements AutoCloseable {
    static final RegionName REGION = RegionName.of("eu-west");
    static final String SERVICE = "payments";

    private final List<RaftSettings> settings;
    private final List<Integer> raftPorts;
    private final RegionStateStore[] stores = new RegionStateStore[3];

    private LoopbackRegion(List<RaftSettings> settings, List<Integer> raftPorts) {
        this.settings = settings;
        this.raftPorts = raftPorts;
    }

    /** Starts all three nodes; returns without waiting for a leader. */
    static LoopbackRegion start(Path root) {
        List<Integer> ports = FreePorts.take(3);
        List<RaftSettings.Member> members = IntStream.range(0, 3)
                .mapToObj(i -> new RaftSettings.Member(id(i), new HostPort("127.0.0.1", ports.get(i))))
                .toList();
        List<RaftSettings> settings = IntStream.range(0, 3)
                .mapToObj(i -> new RaftSettings(REGION, id(i), members, root.resolve("n" + (i + 1)),
                        RaftSettings.DEFAULT_ELECTION_TIMEOUT_MIN, RaftSettings.DEFAULT_ELECTION_TIMEOUT_MAX,
                        RaftSettings.DEFAULT_SNAPSHOT_THRESHOLD, RaftSettings.DEFAULT_MIN_FREE_DISK_BYTES,
                        RaftSettings.DEFAULT_WRITE_TIMEOUT, RaftSettings.DEFAULT_LOG_SEGMENT_BYTES))
                .toList();
        LoopbackRegion region = new LoopbackRegion(settings, ports);
        region.parallel(List.of(0, 1, 2), region::start);
        return region;
    }

    static NodeId id(int i) {
        return NodeId.of("n" + (i + 1));
    }

    /** A federation config declaring this region's three nodes with their Raft ports, and the service {@value #SERVICE}. */
    String config() {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            // Only the raft port is bound by this benchmark; the others are declared because the config requires them.
            int base = 21000 + 10 * i;
            nodes.append("      n").append(i + 1).append(":\n")
                    .append("        host: 127.0.0.1\n")
                    .append("        ports: { local: ").append(base).append(", peer: ").append(base + 1)
                    .append(", admin: ").append(base + 2).append(", raft: ").append(raftPorts.get(i))
                    .append(", federation: ").append(base + 3).append(" }\n");
        }
        return """
                federation: bench
                trustDomain: strait.bench
                regions:
                  eu-west:
                    nodes:
                """ + nodes + """
                    services:
                      %s:
                        protocol: http2
                """.formatted(SERVICE);
    }

    void start(int i) {
        if (stores[i] != null) {
            throw new IllegalStateException("node " + id(i) + " is running");
        }
        try {
            stores[i] = RegionStateStore.start(settings.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + id(i) + " of the benchmark region", e);
        }
    }

    void stop(int i) {
        RegionStateStore store = stores[i];
        stores[i] = null;
        if (store != null) {
            store.close();
        }
    }

    RegionStateStore node(int i) {
        return Objects.requireNonNull(stores[i], () -> "node " + id(i) + " is stopped");
    }

    List<Integer> running() {
        return IntStream.range(0, 3).filter(i -> stores[i] != null).boxed().toList();
    }

    /** The running node that reports itself leader, if one does right now. */
    Optional<Integer> leader() {
        for (int i : running()) {
            RaftStatus status = stores[i].status();
            if (status.role() == RaftRole.LEADER) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until one running node leads, every running node follows it, and all have applied the
     * same index: a steady group to measure from.
     */
    int awaitSteady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> leader = leader();
            if (leader.isPresent()) {
                NodeId leaderId = id(leader.get());
                long applied = stores[leader.get()].status().appliedIndex();
                boolean steady = running().stream().map(i -> stores[i].status())
                        .allMatch(s -> s.leader().equals(Optional.of(leaderId)) && s.appliedIndex() >= applied);
                if (steady) {
                    return leader.get();
                }
            }
            sleep(Duration.ofMillis(20));
        }
        throw new IllegalStateException("the benchmark region did not settle on a leader within " + within.toSeconds()
                + " s (running: " + running() + ")");
    }

    /** Closing in parallel takes about a third of the time: each server waits out its peers' RPCs. */
    @Override
    public void close() {
        parallel(running(), this::stop);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void parallel(List<Integer> nodes, IntConsumer action) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i : nodes) {
            futures.add(CompletableFuture.runAsync(() -> action.accept(i), r -> Thread.ofPlatform().name("bench-node-" + (i + 1)).start(r)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
}
