package dev.strait.gateway.upstream;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lifts this node's passive ejection of a target as soon as the region's own verdict brings it
 * back: an endpoint that health checks found healthy again, or a remote gateway that answers
 * probes again, appears in a new routing snapshot and is readmitted at once, rather than after
 * the rest of its ejection time. Without this, a region that recovers soon after failing would get
 * its calls back only when the ejection expired, and the failback ramp would be skipped.
 */
public final class Readmission {
    private final TargetBalancer balancer;
    // Confined to the publishing thread.
    private Set<HostPort> routed = Set.of();

    public Readmission(UpstreamTransports transports) {
        this(transports.balancer());
    }

    Readmission(TargetBalancer balancer) {
        this.balancer = balancer;
    }

    /** Takes note of a newly published snapshot; called on the publishing thread. */
    public void observe(RoutingSnapshot snapshot) {
        Set<HostPort> now = targets(snapshot);
        for (HostPort target : now) {
            if (!routed.contains(target)) {
                balancer.reachable(target);
            }
        }
        routed = now;
    }

    private static Set<HostPort> targets(RoutingSnapshot snapshot) {
        Set<HostPort> targets = new HashSet<>();
        snapshot.localServices().values().forEach(local ->
                local.endpoints().endpoints().stream().map(EndpointConfig::address).forEach(targets::add));
        for (List<Candidate> candidates : snapshot.failoverRoutes().values()) {
            for (Candidate candidate : candidates) {
                if (candidate instanceof Candidate.RemoteRegion remote) {
                    targets.addAll(remote.gateways());
                }
            }
        }
        return Set.copyOf(targets);
    }
}
