package dev.strait.federation.raft;

import static dev.strait.federation.raft.ThreeNodeGroup.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real three-node Ratis groups on loopback. */
class RegionStateStoreTest {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final ServiceName PAYMENTS = ServiceName.of("payments");

    @TempDir
    Path data;

    @Test
    void aRegistrationWrittenOnAFollowerIsAppliedOnAllThree() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data)) {
            int leader = group.awaitLeader(SETTLE);
            RegionStateStore follower = group.node(group.anyFollower(leader));
            List<RegionState> seen = new CopyOnWriteArrayList<>();
            group.node(leader).subscribe(seen::add);

            follower.write(new ApplyConfig(group.config(), 0));
            WriteResult result = follower.write(register("r1", 9001));

            assertThat(result.appliedLocally()).isTrue();
            assertThat(follower.current().endpoint(PAYMENTS, EndpointId.of("r1"))).isPresent();
            await("r1 on every node", SETTLE, () -> group.running().stream()
                    .allMatch(i -> group.node(i).current().endpoint(PAYMENTS, EndpointId.of("r1")).isPresent()));
            await("the leader's listener to see r1", SETTLE,
                    () -> seen.stream().anyMatch(s -> s.endpoint(PAYMENTS, EndpointId.of("r1")).isPresent()));
            assertThat(group.node(leader).status().role()).isEqualTo(RaftRole.LEADER);
            assertThat(follower.status().leader()).hasValue(ThreeNodeGroup.id(leader));
            assertThat(follower.read(true).appliedIndex()).isGreaterThanOrEqualTo(result.logIndex());
        }
    }

    @Test
    void badCommandsAreRejectedWithAReasonAndChangeNothing() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data)) {
            int leader = group.awaitLeader(SETTLE);
            RegionStateStore node = group.node(group.anyFollower(leader));
            node.write(new ApplyConfig(group.config(), 0));
            long before = node.current().config().version();

            assertThatThrownBy(() -> node.write(new ApplyConfig(group.config(), 0)))
                    .isInstanceOf(CommandRejectedException.class)
                    .hasMessageContaining("config is at version 1, not 0");
            assertThatThrownBy(() -> node.write(new RegisterEndpoint(ServiceName.of("billing"), EndpointId.of("b1"),
                    new HostPort("127.0.0.1", 1))))
                    .isInstanceOf(CommandRejectedException.class)
                    .hasMessageContaining("service 'billing' is not declared in region 'eu-west' (declare it in the config first)");
            assertThat(node.current().config().version()).isEqualTo(before);
        }
    }

    @Test
    void ofTwoConcurrentConfigAppliesAtTheSameVersionExactlyOneWins() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data)) {
            int leader = group.awaitLeader(SETTLE);
            int follower = group.anyFollower(leader);
            group.node(leader).write(new ApplyConfig(group.config(), 0));
            await("the follower to apply config 1", SETTLE, () -> group.node(follower).current().config().version() == 1);

            List<Object> outcomes = new CopyOnWriteArrayList<>();
            Thread a = Thread.ofVirtual().start(() -> outcomes.add(attempt(group.node(leader), new ApplyConfig(group.config(), 1))));
            Thread b = Thread.ofVirtual().start(() -> outcomes.add(attempt(group.node(follower), new ApplyConfig(group.config(), 1))));
            a.join();
            b.join();

            assertThat(outcomes).filteredOn(o -> o instanceof WriteResult).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof CommandRejectedException).hasSize(1)
                    .first().extracting(o -> ((CommandRejectedException) o).reason()).asString()
                    .contains("config is at version 2, not 1");
            assertThat(group.node(leader).read(true).config().version()).isEqualTo(2);
        }
    }

    private static Object attempt(RegionStateStore store, RegionCommand command) {
        try {
            return store.write(command);
        } catch (CommandRejectedException | RegionUnavailableException e) {
            return e;
        }
    }

    @Test
    void losingTheLeaderElectsAnotherAndLosesNoCommittedRegistration() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data)) {
            int leader = group.awaitLeader(SETTLE);
            RegionStateStore writer = group.node(group.anyFollower(leader));
            writer.write(new ApplyConfig(group.config(), 0));
            for (int i = 0; i < 10; i++) {
                writer.write(register("r" + i, 9000 + i));
            }

            group.stop(leader);
            int next = group.awaitLeader(SETTLE);
            assertThat(next).isNotEqualTo(leader);
            group.node(next).write(register("after", 9100));

            for (int i : group.running()) {
                RegionState s = group.node(i).read(true);
                assertThat(s.endpoints(PAYMENTS)).extracting(e -> e.id().value())
                        .contains("r0", "r5", "r9", "after");
            }
        }
    }

    @Test
    void aFullRestartRestoresEveryRegistrationFromDisk() throws Exception {
        RegionState before;
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data, s -> s.withSnapshotThreshold(20))) {
            int leader = group.awaitLeader(SETTLE);
            RegionStateStore writer = group.node(leader);
            writer.write(new ApplyConfig(group.config(), 0));
            for (int i = 0; i < 30; i++) {
                writer.write(register("r" + i, 9000 + i));
            }
            before = writer.current();
            group.close();

            group.startAll();
            await("every node to recover r29", SETTLE, () -> group.running().stream()
                    .allMatch(i -> group.node(i).current().endpoint(PAYMENTS, EndpointId.of("r29")).isPresent()));
            for (int i : group.running()) {
                assertThat(group.node(i).current().catalog()).isEqualTo(before.catalog());
                assertThat(group.node(i).current().config()).isEqualTo(before.config());
            }
        }
    }

    @Test
    void aNodeThatMissedManyChangesCatchesUpByRaftSnapshot() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data,
                s -> s.withSnapshotThreshold(50).withLogSegmentBytes(4 * 1024))) {
            int leader = group.awaitLeader(SETTLE);
            int lagging = group.anyFollower(leader);
            group.node(leader).write(new ApplyConfig(group.config(), 0));
            group.stop(lagging);

            for (int i = 0; i < 200; i++) {
                group.node(leader).write(register("r" + i, 9000 + (i % 100)));
            }
            long leaderLogStart = group.node(leader).division().getRaftLog().getStartIndex();
            assertThat(leaderLogStart).as("the leader purged its log up to a raft snapshot").isGreaterThan(2);

            group.start(lagging);
            RegionState expected = group.node(leader).current();
            await("the restarted node to catch up", SETTLE, () -> group.node(lagging).current().catalog().equals(expected.catalog()));
            assertThat(group.node(lagging).current().config()).isEqualTo(expected.config());
            assertThat(group.node(lagging).raftSnapshotsLoaded()).as("raft snapshots installed on the lagging node").isPositive();
        }
    }

    @Test
    void withTwoOfThreeDownWritesFailInTimeButTheSurvivorKeepsItsState() throws Exception {
        try (ThreeNodeGroup group = ThreeNodeGroup.start(data)) {
            int leader = group.awaitLeader(SETTLE);
            int survivor = group.anyFollower(leader);
            group.node(leader).write(new ApplyConfig(group.config(), 0));
            group.node(leader).write(register("kept", 9001));
            await("the survivor to apply 'kept'", SETTLE,
                    () -> group.node(survivor).current().endpoint(PAYMENTS, EndpointId.of("kept")).isPresent());
            RegionState last = group.node(survivor).current();
            group.running().stream().filter(i -> i != survivor).toList().forEach(group::stop);

            long start = System.nanoTime();
            assertThatThrownBy(() -> group.node(survivor).write(register("lost", 9002)))
                    .isInstanceOf(RegionUnavailableException.class)
                    .hasMessageContaining("the write was not committed within 2 s: region 'eu-west' has no Raft quorum (leader: ");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(ThreeNodeGroup.WRITE_TIMEOUT.plusSeconds(2));
            assertThat(group.node(survivor).current().catalog()).isEqualTo(last.catalog());
            assertThatThrownBy(() -> group.node(survivor).read(true)).isInstanceOf(RegionUnavailableException.class);
        }
    }

    private static RegionCommand register(String id, int port) {
        return new RegisterEndpoint(PAYMENTS, EndpointId.of(id), new HostPort("127.0.0.1", port));
    }
}
