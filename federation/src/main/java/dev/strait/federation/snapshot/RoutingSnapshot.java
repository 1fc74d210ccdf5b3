package dev.strait.federation.snapshot;

import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.traffic.CompiledTraffic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one gateway node needs to route a request, as one immutable value. A request reads
 * the current snapshot once and uses that value to the end; the indexes are built by
 * {@link RoutingSnapshotBuilder}, never per request.
 *
 * @param version        increases with every snapshot a node publishes
 * @param region         the node's own region
 * @param trustDomain    the federation's trust domain
 * @param meshSuffix     the authority suffix naming services
 * @param failoverRoutes per service, the ordered candidates for a failover-aware call from a local caller
 * @param pinnedRoutes   per service and region, the candidate for a call pinned to that region
 * @param localServices  per service served here, its endpoints and the regions it is exported to
 * @param peerGateways   per other region of the federation, the names of its gateway nodes
 * @param unreachableGateways remote gateway nodes left out because they do not answer probes
 * @param ownGateways    the peer-listener addresses of this region's gateway nodes, as exported to peers
 * @param peerFederation per other region, the federation-listener addresses of its gateway nodes
 * @param authorization  who may call this region's services, compiled from their rules
 * @param localCallers   the identities the local listener gives callers by source address
 * @param faults         per service served here, the faults for drills (declared in config or set at
 *                       runtime), by id; a call checks each one's expiry against the wall clock (the
 *                       snapshot is not rebuilt when one expires)
 * @param traffic        how calls to this region's services are routed, timed, retried and limited,
 *                       compiled from their traffic rules
 * @param regionAuthorizations per region of the federation (this one included), who may call that
 *                       region's services, compiled from the rules this region's config gives them;
 *                       a local call routed elsewhere can be refused early with them
 * @param linkFaults     per other region, the region's runtime faults on the link to it (partitions,
 *                       delays, aborts), by id; like {@code faults}, each one's expiry is checked
 *                       against the wall clock on use
 */
public record RoutingSnapshot(
        long version,
        RegionName region,
        TrustDomain trustDomain,
        String meshSuffix,
        Map<ServiceName, List<Candidate>> failoverRoutes,
        Map<ServiceName, Map<RegionName, Candidate>> pinnedRoutes,
        Map<ServiceName, LocalService> localServices,
        Map<RegionName, Set<NodeId>> peerGateways,
        Set<HostPort> unreachableGateways,
        List<HostPort> ownGateways,
        Map<RegionName, List<HostPort>> peerFederation,
        CompiledAuthorization authorization,
        List<LocalCaller> localCallers,
        Map<ServiceName, List<Fault>> faults,
        CompiledTraffic traffic,
        Map<RegionName, CompiledAuthorization> regionAuthorizations,
        Map<RegionName, List<LinkFault>> linkFaults) {

    /** A service served in this region, and who may call it from elsewhere. */
    public record LocalService(Candidate.LocalEndpoints endpoints, Set<RegionName> exportedTo) {
        public LocalService {
            exportedTo = Set.copyOf(exportedTo);
        }
    }

    /** A snapshot without faults on the links to other regions. */
    public RoutingSnapshot(long version, RegionName region, TrustDomain trustDomain, String meshSuffix,
            Map<ServiceName, List<Candidate>> failoverRoutes, Map<ServiceName, Map<RegionName, Candidate>> pinnedRoutes,
            Map<ServiceName, LocalService> localServices, Map<RegionName, Set<NodeId>> peerGateways,
            Set<HostPort> unreachableGateways, List<HostPort> ownGateways, Map<RegionName, List<HostPort>> peerFederation,
            CompiledAuthorization authorization, List<LocalCaller> localCallers, Map<ServiceName, List<Fault>> faults,
            CompiledTraffic traffic, Map<RegionName, CompiledAuthorization> regionAuthorizations) {
        this(version, region, trustDomain, meshSuffix, failoverRoutes, pinnedRoutes, localServices, peerGateways,
                unreachableGateways, ownGateways, peerFederation, authorization, localCallers, faults, traffic,
                regionAuthorizations, Map.of());
    }

    /** A snapshot whose services have no traffic rules. */
    public RoutingSnapshot(long version, RegionName region, TrustDomain trustDomain, String meshSuffix,
            Map<ServiceName, List<Candidate>> failoverRoutes, Map<ServiceName, Map<RegionName, Candidate>> pinnedRoutes,
            Map<ServiceName, LocalService> localServices, Map<RegionName, Set<NodeId>> peerGateways,
            Set<HostPort> unreachableGateways, List<HostPort> ownGateways, Map<RegionName, List<HostPort>> peerFederation,
            CompiledAuthorization authorization, List<LocalCaller> localCallers, Map<ServiceName, List<Fault>> faults) {
        this(version, region, trustDomain, meshSuffix, failoverRoutes, pinnedRoutes, localServices, peerGateways,
                unreachableGateways, ownGateways, peerFederation, authorization, localCallers, faults, CompiledTraffic.EMPTY);
    }

    /** A snapshot that knows the authorization of its own region's services only. */
    public RoutingSnapshot(long version, RegionName region, TrustDomain trustDomain, String meshSuffix,
            Map<ServiceName, List<Candidate>> failoverRoutes, Map<ServiceName, Map<RegionName, Candidate>> pinnedRoutes,
            Map<ServiceName, LocalService> localServices, Map<RegionName, Set<NodeId>> peerGateways,
            Set<HostPort> unreachableGateways, List<HostPort> ownGateways, Map<RegionName, List<HostPort>> peerFederation,
            CompiledAuthorization authorization, List<LocalCaller> localCallers, Map<ServiceName, List<Fault>> faults,
            CompiledTraffic traffic) {
        this(version, region, trustDomain, meshSuffix, failoverRoutes, pinnedRoutes, localServices, peerGateways,
                unreachableGateways, ownGateways, peerFederation, authorization, localCallers, faults, traffic,
                Map.of(region, authorization));
    }

    public RoutingSnapshot {
        failoverRoutes = Map.copyOf(failoverRoutes);
        pinnedRoutes = Map.copyOf(pinnedRoutes);
        localServices = Map.copyOf(localServices);
        peerGateways = Map.copyOf(peerGateways);
        unreachableGateways = Set.copyOf(unreachableGateways);
        ownGateways = List.copyOf(ownGateways);
        peerFederation = Map.copyOf(peerFederation);
        java.util.Objects.requireNonNull(authorization, "authorization");
        localCallers = List.copyOf(localCallers);
        java.util.Objects.requireNonNull(traffic, "traffic");
        regionAuthorizations = Map.copyOf(regionAuthorizations);
        if (regionAuthorizations.get(region) != authorization) {
            throw new IllegalArgumentException("regionAuthorizations of region '" + region + "' is not the snapshot's own"
                    + " authorization (expected: the same compiled authorization as 'authorization')");
        }
        faults = faults.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> e.getValue().stream().sorted(java.util.Comparator.comparing(Fault::id)).toList()));
        linkFaults = linkFaults.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> e.getValue().stream().sorted(java.util.Comparator.comparing(LinkFault::id)).toList()));
    }

    /**
     * The faults on the link to {@code peer} that still apply at {@code nowMillis}, by id. The
     * common case, no fault toward {@code peer}, is one map lookup and allocates nothing.
     */
    public List<LinkFault> activeLinkFaults(RegionName peer, long nowMillis) {
        List<LinkFault> all = linkFaults.get(peer);
        if (all == null) {
            return List.of();
        }
        return all.stream().filter(f -> f.activeAt(nowMillis)).toList();
    }

    /** The first fault (by id) that cuts the link to {@code peer} at {@code nowMillis}, if one does. */
    public Optional<LinkFault> partitionFrom(RegionName peer, long nowMillis) {
        List<LinkFault> all = linkFaults.get(peer);
        if (all == null) {
            return Optional.empty();
        }
        for (LinkFault fault : all) {
            if (fault.partition() && fault.activeAt(nowMillis)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** The regions whose link from this one is cut at {@code nowMillis}. */
    public Set<RegionName> partitionedRegions(long nowMillis) {
        if (linkFaults.isEmpty()) {
            return Set.of();
        }
        return linkFaults.keySet().stream().filter(peer -> partitionFrom(peer, nowMillis).isPresent())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The faults of {@code service} that still apply at {@code nowMillis}, by id. */
    public List<Fault> activeFaults(ServiceName service, long nowMillis) {
        List<Fault> all = faults.getOrDefault(service, List.of());
        if (all.isEmpty()) {
            return all;
        }
        return all.stream().filter(f -> f.activeAt(nowMillis)).toList();
    }

    /** Routes a call that arrived on the local listener from a caller of this region. */
    public Resolution resolveForLocalCaller(String authority) {
        Optional<MeshAuthority> parsed = MeshAuthority.parse(authority, meshSuffix);
        if (parsed.isEmpty()) {
            return new Resolution.UnknownService(authority, "not a mesh name (expected: <service>." + meshSuffix
                    + " or <service>.<region>." + meshSuffix + ")");
        }
        ServiceName service = parsed.get().service();
        if (parsed.get().region().isPresent()) {
            RegionName target = parsed.get().region().get();
            Candidate candidate = pinnedRoutes.getOrDefault(service, Map.of()).get(target);
            return candidate == null
                    ? new Resolution.UnknownService(authority, "service '" + service + "' is not available from region '"
                            + target + "' to region '" + region + "'")
                    : new Resolution.Routed(service, true, List.of(candidate));
        }
        List<Candidate> candidates = failoverRoutes.get(service);
        if (candidates == null) {
            return new Resolution.UnknownService(authority, "no region serves '" + service + "' to region '" + region + "'");
        }
        // A service with nowhere healthy to go is known, not unknown: the call fails as no_healthy_upstream.
        return new Resolution.Routed(service, false, candidates);
    }

    /**
     * Routes a call that a gateway of {@code callerRegion} carried here. Such a call is served
     * only by this region's own endpoints: a gateway never forwards it to a third region.
     */
    public Resolution resolveForPeer(String authority, RegionName callerRegion) {
        Optional<MeshAuthority> parsed = MeshAuthority.parse(authority, meshSuffix);
        if (parsed.isEmpty()) {
            return new Resolution.UnknownService(authority, "not a mesh name");
        }
        ServiceName service = parsed.get().service();
        if (parsed.get().region().filter(r -> !r.equals(region)).isPresent()) {
            return new Resolution.UnknownService(authority, "region '" + region
                    + "' serves only its own services to peer gateways");
        }
        LocalService local = localServices.get(service);
        if (local == null) {
            return new Resolution.UnknownService(authority, "service '" + service + "' is not served in region '" + region + "'");
        }
        if (!local.exportedTo().contains(callerRegion)) {
            return new Resolution.NotExported(service, callerRegion);
        }
        return new Resolution.Routed(service, true, List.of(local.endpoints()));
    }

    /**
     * Who may call {@code region}'s services as this region's config has them, when the config knows
     * the region: for deciding early a local call that another region would serve.
     */
    public Optional<CompiledAuthorization> authorizationOf(RegionName region) {
        return Optional.ofNullable(regionAuthorizations.get(region));
    }

    /** Whether {@code node} is a gateway node of {@code region}, another region of this federation. */
    public boolean isPeerGateway(RegionName region, NodeId node) {
        return peerGateways.getOrDefault(region, Set.of()).contains(node);
    }
}
