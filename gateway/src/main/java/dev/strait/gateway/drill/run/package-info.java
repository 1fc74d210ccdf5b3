/**
 * Runs a failover drill: against a federation started in this process ({@code strait drill run
 * SCENARIO --local}, {@link dev.strait.gateway.drill.run.LocalDrill}) or against a running one
 * through its nodes' admin APIs ({@code --admin URL...}, {@link dev.strait.gateway.drill.run.AdminDrill}).
 * Both hand a {@link dev.strait.gateway.drill.run.DrillFederation} to
 * {@link dev.strait.gateway.drill.run.DrillSession}, which runs the drill the same way on either
 * and judges the calls into a {@link dev.strait.gateway.drill.report.DrillReport}.
 *
 * <pre>
 *  1 prepare    --local: certificates and data directories under one working directory, every node
 *               and echo backend started; --admin: each URL's /v1/status names a node of the
 *               federation file, and every node is ready
 *  2 mark       register a marker endpoint (no-committed-state-lost)
 *  3 warm up    the loads, unrecorded, until a second passes without a failed call
 *  4 load       one OpenLoopLoad per load, into the first node of its `from` region
 *  5 timeline   apply each fault at `at`, undo it at `at + for`: latency, errors and partitions
 *               as runtime faults (RuntimeFaults); the rest by LocalFaults, or announced to the
 *               operator and waited for (OperatorFaults)
 *  6 judge      check the marker with a linearizable read, build the report
 * </pre>
 */
package dev.strait.gateway.drill.run;
