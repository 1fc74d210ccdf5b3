/**
 * A service's traffic rules on the request path of one gateway node, from its compiled traffic
 * policy in the routing snapshot: {@link dev.strait.gateway.traffic.TrafficRouting} matches the
 * call to a route and applies its split, {@link dev.strait.gateway.traffic.RateLimiting} applies
 * the route's {@code rateLimit} with a {@link dev.strait.gateway.traffic.RateLimiter} (a token
 * bucket per service, route and caller, local to this node, never shared with other nodes or
 * regions), and {@link dev.strait.gateway.traffic.HeaderEditor} applies the route's
 * {@code requestHeaders} and {@code responseHeaders} edits. None of them waits or does I/O; the
 * circuit breakers that bound calls per upstream target live beside the forwarders, in
 * {@code dev.strait.gateway.upstream}.
 */
package dev.strait.gateway.traffic;
