/**
 * A region's replicated state as plain values, and the deterministic rules that change it.
 *
 * <p>Start with {@link dev.strait.federation.catalog.RegionState} (the applied config, the catalog
 * of local endpoints with their health and marks, and drill faults on services and on the links
 * to other regions) and the sealed {@link dev.strait.federation.catalog.RegionCommand}. {@link
 * dev.strait.federation.catalog.RegionTransitions} applies a command to a state (the fault rules
 * are in {@code FaultTransitions}); {@link dev.strait.federation.catalog.CommandCheck} runs the same
 * rules before a command is proposed, giving a reason a person can act on. Nothing here knows
 * about Raft: {@code dev.strait.federation.raft} replicates these values.
 */
package dev.strait.federation.catalog;
