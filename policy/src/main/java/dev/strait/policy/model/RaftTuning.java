package dev.strait.policy.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a region's Raft group is tuned: the {@code raft} block of a region in the config. The
 * federation module turns it into the settings of its Ratis server.
 *
 * @param electionTimeoutMin the shortest a follower waits without hearing from a leader before it
 *                           starts an election; more than zero
 * @param electionTimeoutMax the longest it waits (each wait is random between the two); longer
 *                           than {@code electionTimeoutMin}
 * @param snapshotThreshold  how many log entries are applied between two raft snapshots; at least 1
 * @param minFreeDiskBytes   the free space, in bytes, that a node keeps on the disk of its data
 *                           directory; below it the node refuses writes; zero or more
 * @param writeTimeout       how long a write waits to commit before it fails; more than zero
 */
public record RaftTuning(
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        long snapshotThreshold,
        long minFreeDiskBytes,
        Duration writeTimeout) {
    /** What a region without a {@code raft} block gets: 1s-2s elections, 10000 entries, 64 MiB, 5s. */
    public static final RaftTuning DEFAULTS = new RaftTuning(
            Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 64L * 1024 * 1024, Duration.ofSeconds(5));

    public RaftTuning {
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        if (!electionTimeoutMin.isPositive()) {
            throw new IllegalArgumentException("electionTimeoutMin must be more than zero: " + electionTimeoutMin);
        }
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("electionTimeoutMax " + electionTimeoutMax
                    + " must be longer than electionTimeoutMin " + electionTimeoutMin);
        }
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("snapshotThreshold must be at least 1: " + snapshotThreshold);
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative: " + minFreeDiskBytes);
        }
        if (!writeTimeout.isPositive()) {
            throw new IllegalArgumentException("writeTimeout must be more than zero: " + writeTimeout);
        }
    }
}
