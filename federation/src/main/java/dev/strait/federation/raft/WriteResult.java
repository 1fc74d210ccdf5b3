package dev.strait.federation.raft;

/**
 * A write the region committed and applied.
 *
 * @param logIndex       the Raft log index it committed at
 * @param appliedLocally whether this node had applied it when the write returned (so a local read
 *                       sees it); false only when this node lags the leader by more than the write timeout
 */
public record WriteResult(long logIndex, boolean appliedLocally) {}
