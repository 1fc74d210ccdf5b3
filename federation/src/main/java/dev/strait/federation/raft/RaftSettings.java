package dev.strait.federation.raft;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How one node runs its region's Raft group. Start from {@link #forRegion}, then adjust with the
 * {@code with...} methods (tests shorten timeouts and thresholds).
 *
 * @param region             the region whose state the group holds
 * @param self               this node
 * @param members            every node of the region with its Raft address, this one included
 * @param dataDirectory      the node's data directory; the Raft log and raft snapshots go to {@code <data>/raft}
 * @param electionTimeoutMin a follower that hears no leader for a random time between min and max starts an election
 * @param electionTimeoutMax see {@code electionTimeoutMin}
 * @param snapshotThreshold  applied entries after which a raft snapshot is taken and the log before it purged
 * @param minFreeDiskBytes   the node refuses to write its log when its disk has less free space than this
 * @param writeTimeout       how long a write waits to commit before it fails as unavailable
 * @param logSegmentBytes    size of one Raft log segment file; only closed segments can be purged
 */
public record RaftSettings(
        RegionName region,
        NodeId self,
        List<Member> members,
        Path dataDirectory,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        long snapshotThreshold,
        long minFreeDiskBytes,
        Duration writeTimeout,
        long logSegmentBytes) {
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofSeconds(2);
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    // Only closed segments are purged after a raft snapshot; small segments let a region's small
    // entries be purged in practice, so a node that was away long catches up by snapshot.
    public static final long DEFAULT_LOG_SEGMENT_BYTES = 1024L * 1024;

    /** One node of the region's group. */
    public record Member(NodeId id, HostPort raftAddress) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(raftAddress, "raftAddress");
        }
    }

    public RaftSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        members = List.copyOf(members);
        if (members.stream().noneMatch(m -> m.id().equals(self))) {
            throw new IllegalArgumentException("node '" + self + "' is not a member of region '" + region + "' (members: "
                    + members.stream().map(m -> m.id().value()).toList() + ")");
        }
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("region '" + region + "' lists a node twice: " + members);
        }
        if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero() || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("election timeouts must satisfy 0 < min < max (got min " + electionTimeoutMin
                    + ", max " + electionTimeoutMax + ")");
        }
        if (snapshotThreshold < 1 || minFreeDiskBytes < 0 || logSegmentBytes < 1024 || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("snapshotThreshold must be >= 1, minFreeDiskBytes >= 0, logSegmentBytes >= 1024"
                    + " and writeTimeout > 0 (got " + snapshotThreshold + ", " + minFreeDiskBytes + ", " + logSegmentBytes
                    + ", " + writeTimeout + ")");
        }
    }

    /** Settings for node {@code self} of {@code region}, with the timeouts and thresholds of the region's {@code raft} block. */
    public static RaftSettings forRegion(RegionConfig region, NodeId self, Path dataDirectory) {
        List<Member> members = region.nodes().stream().map((NodeConfig n) -> new Member(n.id(), n.raftAddress())).toList();
        RaftTuning tuning = region.raft();
        return new RaftSettings(region.name(), self, members, dataDirectory, tuning.electionTimeoutMin(),
                tuning.electionTimeoutMax(), tuning.snapshotThreshold(), tuning.minFreeDiskBytes(), tuning.writeTimeout(),
                DEFAULT_LOG_SEGMENT_BYTES);
    }

    public RaftSettings withElectionTimeouts(Duration min, Duration max) {
        return new RaftSettings(region, self, members, dataDirectory, min, max, snapshotThreshold, minFreeDiskBytes,
                writeTimeout, logSegmentBytes);
    }

    public RaftSettings withSnapshotThreshold(long entries) {
        return new RaftSettings(region, self, members, dataDirectory, electionTimeoutMin, electionTimeoutMax, entries,
                minFreeDiskBytes, writeTimeout, logSegmentBytes);
    }

    public RaftSettings withMinFreeDiskBytes(long bytes) {
        return new RaftSettings(region, self, members, dataDirectory, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, bytes, writeTimeout, logSegmentBytes);
    }

    public RaftSettings withWriteTimeout(Duration timeout) {
        return new RaftSettings(region, self, members, dataDirectory, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, minFreeDiskBytes, timeout, logSegmentBytes);
    }

    public RaftSettings withLogSegmentBytes(long bytes) {
        return new RaftSettings(region, self, members, dataDirectory, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, minFreeDiskBytes, writeTimeout, bytes);
    }

    /** This node's entry in {@link #members()}. */
    public Member selfMember() {
        return members.stream().filter(m -> m.id().equals(self)).findFirst().orElseThrow();
    }

    /** Where the Raft log and raft snapshots live. */
    public Path raftDirectory() {
        return dataDirectory.resolve("raft");
    }

    /** The group's id, derived from the region name so every node of the region agrees without talking. */
    public UUID groupUuid() {
        return UUID.nameUUIDFromBytes(("strait-region:" + region.value()).getBytes(StandardCharsets.UTF_8));
    }
}
