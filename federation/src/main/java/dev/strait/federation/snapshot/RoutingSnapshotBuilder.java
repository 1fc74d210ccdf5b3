package dev.strait.federation.snapshot;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.CompiledTraffic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the routing snapshot of one region from the federation's config, the region's local
 * catalog (the endpoints its Raft group has applied, with their health) and what it imported from
 * other regions over federation.
 */
public final class RoutingSnapshotBuilder {
    private final FederationConfig config;

    public RoutingSnapshotBuilder(FederationConfig config) {
        this.config = config;
    }

    /**
     * The snapshot a node starts with, before its region's state is applied: the config's local
     * endpoints all counted healthy, and no other region (those arrive with federation).
     */
    public RoutingSnapshot build(RegionName regionName, long version) {
        return build(regionName, LocalCatalog.fromConfig(config, regionName), Map.of(), Set.of(), version);
    }

    /**
     * The snapshot for gateway nodes of {@code regionName}: its routable local endpoints first,
     * then the regions that export the service here and report healthy endpoints, in failover
     * order, then stale regions as a last resort. Remote gateway nodes in {@code
     * unreachableGateways} are left out; a region none of whose gateways answers is no candidate.
     */
    public RoutingSnapshot build(RegionName regionName, LocalCatalog catalog, Map<RegionName, ImportedRegion> imports,
            Set<HostPort> unreachableGateways, long version) {
        return build(regionName, catalog, imports, List.of(), unreachableGateways, version);
    }

    /**
     * As above, with the region's runtime {@code faults}: those on services served here travel in
     * the snapshot, grouped by service and ordered by id.
     */
    public RoutingSnapshot build(RegionName regionName, LocalCatalog catalog, Map<RegionName, ImportedRegion> imports,
            Collection<Fault> faults, Set<HostPort> unreachableGateways, long version) {
        return build(regionName, catalog, imports, faults, List.of(), unreachableGateways, version);
    }

    /**
     * As above, with the region's runtime {@code linkFaults}: those on links to other regions of
     * the config travel in the snapshot, grouped by region and ordered by id.
     */
    public RoutingSnapshot build(RegionName regionName, LocalCatalog catalog, Map<RegionName, ImportedRegion> imports,
            Collection<Fault> faults, Collection<LinkFault> linkFaults, Set<HostPort> unreachableGateways, long version) {
        RegionConfig home = config.region(regionName)
                .orElseThrow(() -> new IllegalArgumentException("no region '" + regionName + "' in federation '" + config.name() + "'"));

        Map<ServiceName, RoutingSnapshot.LocalService> local = new HashMap<>();
        Map<ServiceName, Map<RegionName, Candidate>> pinned = new HashMap<>();
        for (ServiceConfig service : home.services()) {
            Candidate.LocalEndpoints endpoints = localEndpoints(home.name(), service, catalog.routable(service.name()));
            local.put(service.name(), new RoutingSnapshot.LocalService(endpoints, Set.copyOf(service.exportTo())));
            // Kept even with no routable endpoint: a call pinned here then fails as no_healthy_upstream.
            pinned.computeIfAbsent(service.name(), s -> new HashMap<>()).put(home.name(), endpoints);
        }
        for (ImportedRegion imported : imports.values()) {
            if (imported.origin().equals(home.name()) || config.region(imported.origin()).isEmpty()) {
                continue;
            }
            List<HostPort> gateways = imported.gateways().stream().filter(g -> !unreachableGateways.contains(g)).toList();
            imported.healthyEndpoints().forEach((service, healthy) -> pinned
                    .computeIfAbsent(service, s -> new HashMap<>())
                    .put(imported.origin(), new Candidate.RemoteRegion(imported.origin(), gateways, healthy, imported.stale())));
        }

        Map<ServiceName, List<Candidate>> failover = new HashMap<>();
        for (Map.Entry<ServiceName, Map<RegionName, Candidate>> entry : pinned.entrySet()) {
            failover.put(entry.getKey(), failoverOrder(home, entry.getKey(), entry.getValue()));
        }

        Map<RegionName, Set<NodeId>> peers = config.regions().stream()
                .filter(r -> !r.name().equals(home.name()))
                .collect(Collectors.toMap(RegionConfig::name,
                        r -> r.nodes().stream().map(NodeConfig::id).collect(Collectors.toUnmodifiableSet())));

        Map<RegionName, List<HostPort>> peerFederation = config.regions().stream()
                .filter(r -> !r.name().equals(home.name()))
                .collect(Collectors.toMap(RegionConfig::name, r -> r.nodes().stream().map(NodeConfig::federationAddress).toList()));

        Map<RegionName, CompiledAuthorization> authorizations = config.regions().stream()
                .collect(Collectors.toUnmodifiableMap(RegionConfig::name, RoutingSnapshotBuilder::authorization));

        return new RoutingSnapshot(version, home.name(), config.trustDomain(), config.meshSuffix(),
                failover, pinned, local, peers, unreachableGateways,
                home.nodes().stream().map(NodeConfig::peerAddress).toList(), peerFederation,
                authorizations.get(home.name()),
                home.localCallers(),
                Stream.concat(home.services().stream().flatMap(service -> service.faults().stream()), faults.stream())
                        .filter(fault -> local.containsKey(fault.service()))
                        .sorted(Comparator.comparing(Fault::id))
                        .collect(Collectors.groupingBy(Fault::service, Collectors.toList())),
                CompiledTraffic.compile(home.services().stream()
                        .collect(Collectors.toMap(ServiceConfig::name, ServiceConfig::traffic))),
                authorizations,
                linkFaults.stream()
                        .filter(fault -> peers.containsKey(fault.peer()))
                        .collect(Collectors.groupingBy(LinkFault::peer, Collectors.toList())));
    }

    /**
     * The rules of every service {@code region} declares, its rule-less ones included, so that a
     * decision for any of them is the one that region's gateway makes with the same config.
     */
    private static CompiledAuthorization authorization(RegionConfig region) {
        return CompiledAuthorization.compile(region.services().stream()
                .map(service -> new ServiceAuthorization(service.name(), service.authorization())).toList());
    }

    /**
     * Local endpoints first, then fresh regions of the failover order (the service's own when it
     * is served here, else the region's), then any other fresh region, in config order; then the
     * stale regions in that same order. Regions that report no healthy endpoint, or none of whose
     * gateways answers, are left out.
     */
    private List<Candidate> failoverOrder(RegionConfig home, ServiceName service, Map<RegionName, Candidate> byRegion) {
        List<RegionName> order = home.service(service).map(home::failoverFor).orElse(home.failover());
        LinkedHashSet<RegionName> regions = new LinkedHashSet<>();
        regions.add(home.name());
        regions.addAll(order);
        config.regions().forEach(r -> regions.add(r.name()));
        List<Candidate> fresh = new ArrayList<>();
        List<Candidate> stale = new ArrayList<>();
        for (RegionName region : regions) {
            switch (byRegion.get(region)) {
                case Candidate.LocalEndpoints endpoints when !endpoints.endpoints().isEmpty() -> fresh.add(endpoints);
                case Candidate.RemoteRegion remote when remote.healthyEndpoints() > 0 && !remote.gateways().isEmpty() ->
                        (remote.stale() ? stale : fresh).add(remote);
                case null, default -> {
                    // Nothing to route to there right now.
                }
            }
        }
        fresh.addAll(stale);
        return fresh;
    }

    /**
     * The routable endpoints with the metadata the config declares for them (traffic subsets
     * select by it); an endpoint registered at runtime has none.
     */
    private static Candidate.LocalEndpoints localEndpoints(RegionName region, ServiceConfig service, List<EndpointConfig> endpoints) {
        List<EndpointConfig> described = endpoints.stream()
                .map(endpoint -> endpoint.metadata().isEmpty()
                        ? service.endpoint(endpoint.id())
                                .filter(declared -> declared.address().equals(endpoint.address()))
                                .map(declared -> new EndpointConfig(endpoint.id(), endpoint.address(), declared.metadata()))
                                .orElse(endpoint)
                        : endpoint)
                .toList();
        return new Candidate.LocalEndpoints(region, service.name(), service.protocol(), service.upstreamTls(), described);
    }
}
