/**
 * The open-loop load generator of failover drills.
 *
 * <p>Start with {@link dev.strait.gateway.drill.load.OpenLoopLoad#start}: one per
 * {@code LoadSpec}, sharing a {@link dev.strait.gateway.drill.load.LoadTransport} (the HTTP client
 * and gRPC channels), a {@link dev.strait.gateway.drill.load.DrillClock} (the drill's time zero)
 * and a {@link dev.strait.gateway.drill.load.CallRecorder}, which yields one
 * {@link dev.strait.gateway.drill.load.CallResult} per due call for the reports.
 *
 * <pre>
 * scheduler (one virtual thread per load)
 *   call i due at i / rate ──► in flight &lt; concurrency? ── no ──► recorded as not sent
 *                                          │ yes
 *                                          ▼
 *                               own virtual thread: HTTP/1.1, h2c or gRPC call
 *                                          ▼
 *                               CallResult (due offset, latency from the due time,
 *                                           status, x-strait-region, x-strait-error)
 * </pre>
 */
package dev.strait.gateway.drill.load;
