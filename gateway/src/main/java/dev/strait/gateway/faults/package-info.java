/**
 * Runtime fault injection for drills on the request path: {@link
 * dev.strait.gateway.faults.FaultInjection} delays or aborts calls to this region's services as
 * the region's replicated faults ({@code dev.strait.policy.model.Fault}, carried in the
 * routing snapshot) say, after authorization and before the call is forwarded.
 */
package dev.strait.gateway.faults;
