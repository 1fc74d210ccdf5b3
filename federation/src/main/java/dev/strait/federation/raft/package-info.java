/**
 * A region's replicated state on Apache Ratis: one Raft group per region, formed by the region's
 * gateway nodes over their Raft listeners.
 *
 * <p>Start with {@link dev.strait.federation.raft.RegionStateStore}: {@code start(RaftSettings)}
 * runs this node's Ratis server; {@code write} proposes a {@link
 * dev.strait.federation.catalog.RegionCommand} from any node and returns once it is committed and
 * applied locally (or fails with {@link dev.strait.federation.raft.CommandRejectedException} or
 * {@link dev.strait.federation.raft.RegionUnavailableException}); {@code current()} is the locally
 * applied state, which the routing snapshot is built from without touching Raft.
 *
 * <pre>
 *  write(cmd) ─1─▶ CommandCheck on local state ─2─▶ RaftClient ─3─▶ leader: startTransaction re-checks
 *                                                                      │ 4. append, replicate, commit
 *  subscribe(listener) ◀─6─ RegionStateMachine.applyTransaction ◀─5────┘   (on every node)
 * </pre>
 *
 * The state machine ({@code RegionStateMachine}) applies entries with the pure rules of
 * {@link dev.strait.federation.catalog.RegionTransitions}, and writes raft snapshots (the encoded
 * state with its term, index and checksum) that restarts and lagging followers load.
 */
package dev.strait.federation.raft;
