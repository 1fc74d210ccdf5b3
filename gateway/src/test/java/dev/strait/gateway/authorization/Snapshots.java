package dev.strait.gateway.authorization;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Routing snapshots of region {@code us-east} for tests of the identity and authorization stages. */
public final class Snapshots {
    public static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    public static final RegionName EAST = new RegionName("us-east");
    public static final RegionName WEST = new RegionName("eu-west");
    public static final RegionName NORTH = new RegionName("eu-north");

    private Snapshots() {}

    /** us-east, serving {@code servedHere} (exported to eu-west), with these rules and local callers. */
    public static RoutingSnapshot east(Set<ServiceName> servedHere, List<ServiceAuthorization> rules,
            List<LocalCaller> localCallers) {
        var local = new java.util.HashMap<ServiceName, RoutingSnapshot.LocalService>();
        for (ServiceName service : servedHere) {
            local.put(service, new RoutingSnapshot.LocalService(localEndpoints(service), Set.of(WEST)));
        }
        return new RoutingSnapshot(1, EAST, TRUST_DOMAIN, "mesh", Map.of(), Map.of(), local,
                Map.of(WEST, Set.of(new NodeId("west-1"))), Set.of(), List.of(), Map.of(),
                CompiledAuthorization.compile(rules), localCallers, Map.of());
    }

    /**
     * {@code base}, knowing also the rules of other regions' services, as a snapshot built from a
     * config that declares them does; a region not in {@code otherRegions} is unknown to it.
     */
    public static RoutingSnapshot knowing(RoutingSnapshot base, Map<RegionName, List<ServiceAuthorization>> otherRegions) {
        var authorizations = new java.util.HashMap<RegionName, CompiledAuthorization>();
        otherRegions.forEach((region, rules) -> authorizations.put(region, CompiledAuthorization.compile(rules)));
        authorizations.put(base.region(), base.authorization());
        return new RoutingSnapshot(base.version(), base.region(), base.trustDomain(), base.meshSuffix(), base.failoverRoutes(),
                base.pinnedRoutes(), base.localServices(), base.peerGateways(), base.unreachableGateways(), base.ownGateways(),
                base.peerFederation(), base.authorization(), base.localCallers(), base.faults(), base.traffic(), authorizations);
    }

    public static Candidate.LocalEndpoints localEndpoints(ServiceName service) {
        return new Candidate.LocalEndpoints(EAST, service, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of());
    }

    public static Candidate.RemoteRegion west() {
        return new Candidate.RemoteRegion(WEST, List.of(), 1, false);
    }

    public static Candidate.RemoteRegion north() {
        return new Candidate.RemoteRegion(NORTH, List.of(), 1, false);
    }
}
