/**
 * Runs a failover drill against a federation started in this process ({@code strait drill run
 * SCENARIO --local}). Start at {@link dev.strait.gateway.drill.run.LocalDrill}: it starts the
 * federation ({@link dev.strait.gateway.demo.LocalFederation}), puts the scenario's loads on it,
 * applies and undoes the timeline's faults from one scheduler thread, and judges the calls into a
 * {@link dev.strait.gateway.drill.report.DrillReport}.
 *
 * <pre>
 *  1 prepare    certificates and data directories under one working directory
 *  2 start      every node and echo backend; wait until each region has a leader and is federated
 *  3 mark       register a marker endpoint (no-committed-state-lost)
 *  4 warm up    the loads, unrecorded, until a second passes without a failed call
 *  5 load       one OpenLoopLoad per load, into the first node of its `from` region
 *  6 timeline   apply each fault at `at`, undo it at `at + for`
 *  7 judge      check the marker with a linearizable read, build the report
 * </pre>
 */
package dev.strait.gateway.drill.run;
