/**
 * The node's event log: failovers and failbacks (from routing snapshots), ejections (from
 * calls), region down and up verdicts (from probes), leader changes and config applies (from
 * Raft), each one structured log line and a counter, so an incident can be put back together.
 */
package dev.strait.gateway.events;
