package dev.strait.federation.raft;

/** A node's role in its region's Raft group. */
public enum RaftRole {
    LEADER,
    FOLLOWER,
    CANDIDATE,
    /** Receives the log but does not vote (not used by Strait yet). */
    LISTENER,
    /** The server is starting, stopping or has failed. */
    UNKNOWN
}
