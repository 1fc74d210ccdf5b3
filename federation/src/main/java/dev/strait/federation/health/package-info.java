/**
 * Active health checking of a region's local endpoints. {@link dev.strait.federation.health.HealthChecker}
 * runs on every node but probes only while its node leads the region's Raft group, so checks do not
 * multiply with the node count; it writes health <em>transitions</em> through Raft, and every node's
 * routing snapshot drops an endpoint once its UNHEALTHY transition is applied.
 *
 * <pre>
 *  timer thread ─1─▶ leader? (poll + every applied state) ─2─▶ endpoints of services with an active check
 *       │ 3. every interval, per endpoint (skipped while its last check runs)
 *       ▼
 *  virtual thread: Probe.check ─4─▶ HealthTracker.record ─5─▶ transition? ─6─▶ RegionCommand.SetHealth via Raft
 * </pre>
 *
 * Starting points: {@link dev.strait.federation.health.HealthChecker} (with {@link
 * dev.strait.federation.health.CheckedRegion#of} over the region's store), the {@link
 * dev.strait.federation.health.Probe} contract, and {@link dev.strait.federation.health.TcpProbe}; the HTTP
 * probe lives in the gateway, which owns the TLS setups.
 */
package dev.strait.federation.health;
