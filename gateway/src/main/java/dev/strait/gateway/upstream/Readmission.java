package dev.strait.gateway.upstream;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lifts this node's passive ejection of a target as soon as the region's own verdict brings it
 * back: an endpoint that health checks found healthy again, or a remote gateway that answers
 * probes again, appears in a new routing snapshot and is readmitted at once, rather than after
 * the rest of its ejection time; a remote region that answered {@code no_healthy_upstream} for a
 * service is tried again as soon as federation shows it serving that service. Without this, a region that recovers soon after failing would get
 * its calls back only when the ejection expired, and the failback ramp would be skipped.
 */
public final class Readmission {
    private final TargetBalancer balancer;
    // Confined to the publishing thread.
    private Set<HostPort> routed = Set.of();
    // Confined to the publishing thread: the remote regions each service fails over to.
    private Set<Map.Entry<ServiceName, RegionName>> remoteRoutes = Set.of();

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
        Set<Map.Entry<ServiceName, RegionName>> remotes = remoteRoutes(snapshot);
        for (Map.Entry<ServiceName, RegionName> route : remotes) {
            if (!remoteRoutes.contains(route)) {
                balancer.readmit(route.getKey(), route.getValue());
            }
        }
        remoteRoutes = remotes;
    }

    private static Set<Map.Entry<ServiceName, RegionName>> remoteRoutes(RoutingSnapshot snapshot) {
        Set<Map.Entry<ServiceName, RegionName>> routes = new HashSet<>();
        snapshot.failoverRoutes().forEach((service, candidates) -> candidates.forEach(candidate -> {
            if (candidate instanceof Candidate.RemoteRegion remote) {
                routes.add(Map.entry(service, remote.region()));
            }
        }));
        return Set.copyOf(routes);
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
