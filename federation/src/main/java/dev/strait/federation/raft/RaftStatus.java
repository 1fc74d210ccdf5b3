package dev.strait.federation.raft;

import dev.strait.policy.model.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node knows about its region's Raft group right now, for {@code /v1/status} and
 * {@code /readyz}. A value: it does not change after it is read.
 */
public final class RaftStatus {
    private final NodeId self;
    private final RaftRole role;
    private final NodeId leader;
    private final long term;
    private final long commitIndex;
    private final long appliedIndex;
    private final List<NodeId> members;

    RaftStatus(NodeId self, RaftRole role, Optional<NodeId> leader, long term, long commitIndex, long appliedIndex,
            List<NodeId> members) {
        this.self = Objects.requireNonNull(self, "self");
        this.role = Objects.requireNonNull(role, "role");
        this.leader = leader.orElse(null);
        this.term = term;
        this.commitIndex = commitIndex;
        this.appliedIndex = appliedIndex;
        this.members = List.copyOf(members);
    }

    public NodeId self() {
        return self;
    }

    public RaftRole role() {
        return role;
    }

    /** The leader this node follows (or itself), if it knows one. */
    public Optional<NodeId> leader() {
        return Optional.ofNullable(leader);
    }

    public long term() {
        return term;
    }

    /** The highest log index this node knows to be committed. */
    public long commitIndex() {
        return commitIndex;
    }

    /** The highest log index this node has applied to its state. */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** Every node of the group. */
    public List<NodeId> members() {
        return members;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RaftStatus that && self.equals(that.self) && role == that.role
                && Objects.equals(leader, that.leader) && term == that.term && commitIndex == that.commitIndex
                && appliedIndex == that.appliedIndex && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(self, role, leader, term, commitIndex, appliedIndex, members);
    }

    @Override
    public String toString() {
        return "RaftStatus[" + self + " " + role + ", leader " + (leader == null ? "none" : leader) + ", term " + term
                + ", commit " + commitIndex + ", applied " + appliedIndex + ", members " + members + "]";
    }
}
