/**
 * Runtime fault injection for drills on the request path: {@link
 * dev.strait.gateway.faults.FaultInjection} delays or aborts calls to this region's services as
 * the region's replicated faults ({@code dev.strait.policy.model.Fault}, carried in the
 * routing snapshot) say, after authorization and before the call is forwarded; {@link
 * dev.strait.gateway.faults.LinkFaultInjection} partitions, delays or aborts the attempts to
 * forward a call to another region as the region's faults on that link
 * ({@code dev.strait.policy.model.LinkFault}) say, for upstream forwarding to act on.
 */
package dev.strait.gateway.faults;
