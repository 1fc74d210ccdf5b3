package dev.strait.federation.raft;

import dev.strait.federation.catalog.TestConfigs;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/** Three {@link RegionStateStore}s of region eu-west on loopback, each with its own data directory. */
final class ThreeNodeGroup implements AutoCloseable {
    static final Duration ELECTION_MIN = Duration.ofMillis(300);
    static final Duration ELECTION_MAX = Duration.ofMillis(600);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

    private final List<RaftSettings> settings;
    private final RegionStateStore[] stores = new RegionStateStore[3];
    final List<Integer> raftPorts;

    private ThreeNodeGroup(List<RaftSettings> settings, List<Integer> raftPorts) {
        this.settings = settings;
        this.raftPorts = raftPorts;
    }

    static ThreeNodeGroup start(Path root) {
        return start(root, UnaryOperator.identity());
    }

    static ThreeNodeGroup start(Path root, UnaryOperator<RaftSettings> tune) {
        List<Integer> ports = IntStream.range(0, 3).mapToObj(i -> freePort()).toList();
        List<RaftSettings.Member> members = IntStream.range(0, 3)
                .mapToObj(i -> new RaftSettings.Member(id(i), new HostPort("127.0.0.1", ports.get(i))))
                .toList();
        List<RaftSettings> settings = IntStream.range(0, 3)
                .mapToObj(i -> tune.apply(new RaftSettings(TestConfigs.EU_WEST, id(i), members, root.resolve("n" + (i + 1)),
                        ELECTION_MIN, ELECTION_MAX, RaftSettings.DEFAULT_SNAPSHOT_THRESHOLD, RaftSettings.DEFAULT_MIN_FREE_DISK_BYTES, WRITE_TIMEOUT,
                        RaftSettings.DEFAULT_LOG_SEGMENT_BYTES)))
                .toList();
        ThreeNodeGroup group = new ThreeNodeGroup(settings, ports);
        group.startAll();
        return group;
    }

    /** The config that declares this group's nodes, with payments (one config endpoint) and ledger. */
    String config() {
        return TestConfigs.federation(raftPorts, TestConfigs.PAYMENTS_AND_LEDGER);
    }

    static NodeId id(int i) {
        return NodeId.of("n" + (i + 1));
    }

    void startAll() {
        parallel(List.of(0, 1, 2), this::start);
    }

    void start(int i) {
        if (stores[i] != null) {
            throw new IllegalStateException("node " + id(i) + " is running");
        }
        try {
            stores[i] = RegionStateStore.start(settings.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The index of the running node that is leader, once one is (and the others follow it). */
    int awaitLeader(Duration within) {
        int[] leader = {-1};
        await("a leader among " + running(), within, () -> {
            for (int i : running()) {
                RaftStatus status = stores[i].status();
                if (status.role() == RaftRole.LEADER) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    int anyFollower(int leader) {
        return running().stream().filter(i -> i != leader).findFirst().orElseThrow();
    }

    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Closing in parallel takes about a third of the time: each server waits out its peers' RPCs. */
    @Override
    public void close() {
        parallel(running(), this::stop);
    }

    private static void parallel(List<Integer> nodes, java.util.function.IntConsumer action) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i : nodes) {
            futures.add(CompletableFuture.runAsync(() -> action.accept(i), r -> Thread.ofPlatform().start(r)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
