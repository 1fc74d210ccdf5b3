package dev.strait.federation.snapshot;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the routing snapshot of one region from the federation's config and the region's local
 * catalog (the endpoints its Raft group has applied, with their health).
 */
public final class RoutingSnapshotBuilder {
    private final FederationConfig config;

    public RoutingSnapshotBuilder(FederationConfig config) {
        this.config = config;
    }

    /** The snapshot for gateway nodes of {@code regionName}, with the config's endpoints all counted healthy. */
    public RoutingSnapshot build(RegionName regionName, long version) {
        return build(regionName, LocalCatalog.fromConfig(config, regionName), version);
    }

    /** The snapshot for gateway nodes of {@code regionName}, routing to the routable endpoints of {@code catalog}. */
    public RoutingSnapshot build(RegionName regionName, LocalCatalog catalog, long version) {
        return build(regionName, catalog, Set.of(), version);
    }

    /**
     * As {@link #build(RegionName, LocalCatalog, long)}, leaving out the remote gateway nodes in
     * {@code unreachableGateways}; a region none of whose gateways answers is no candidate.
     */
    public RoutingSnapshot build(RegionName regionName, LocalCatalog catalog, Set<HostPort> unreachableGateways, long version) {
        RegionConfig home = config.region(regionName)
                .orElseThrow(() -> new IllegalArgumentException("no region '" + regionName + "' in federation '" + config.name() + "'"));

        Map<ServiceName, RoutingSnapshot.LocalService> local = new HashMap<>();
        for (ServiceConfig service : home.services()) {
            local.put(service.name(), new RoutingSnapshot.LocalService(
                    localEndpoints(home.name(), service, catalog.routable(service.name())), Set.copyOf(service.exportTo())));
        }

        Map<ServiceName, Map<RegionName, Candidate>> pinned = new HashMap<>();
        for (RegionConfig region : config.regions()) {
            for (ServiceConfig service : region.services()) {
                availableTo(region, service, home.name(), catalog, unreachableGateways).ifPresent(candidate ->
                        pinned.computeIfAbsent(service.name(), s -> new HashMap<>()).put(region.name(), candidate));
            }
        }

        Map<ServiceName, List<Candidate>> failover = new HashMap<>();
        for (Map.Entry<ServiceName, Map<RegionName, Candidate>> entry : pinned.entrySet()) {
            failover.put(entry.getKey(), failoverOrder(home, entry.getKey(), entry.getValue()));
        }

        Map<RegionName, Set<dev.strait.policy.model.NodeId>> peers = config.regions().stream()
                .filter(r -> !r.name().equals(home.name()))
                .collect(Collectors.toMap(RegionConfig::name,
                        r -> r.nodes().stream().map(NodeConfig::id).collect(Collectors.toUnmodifiableSet())));

        return new RoutingSnapshot(version, home.name(), config.trustDomain(), config.meshSuffix(),
                failover, pinned, local, peers, unreachableGateways);
    }

    /** The candidate {@code region} offers callers of {@code caller} for {@code service}, if any. */
    private static Optional<Candidate> availableTo(RegionConfig region, ServiceConfig service, RegionName caller,
            LocalCatalog catalog, Set<HostPort> unreachableGateways) {
        if (region.name().equals(caller)) {
            // Kept even with no routable endpoint: a call pinned here then fails as no_healthy_upstream.
            return Optional.of(localEndpoints(region.name(), service, catalog.routable(service.name())));
        }
        // Other regions' health arrives with federation; until then their config endpoints count.
        if (service.endpoints().isEmpty()) {
            return Optional.empty();
        }
        List<HostPort> gateways = region.nodes().stream().map(NodeConfig::peerAddress)
                .filter(gateway -> !unreachableGateways.contains(gateway)).toList();
        if (!service.isExportedTo(caller) || gateways.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Candidate.RemoteRegion(region.name(), gateways));
    }

    /**
     * Local endpoints first, then the regions of the failover order (the service's own when it is
     * served here, else the region's), then any other region that offers the service, in config order.
     */
    private List<Candidate> failoverOrder(RegionConfig home, ServiceName service, Map<RegionName, Candidate> byRegion) {
        List<RegionName> order = home.service(service).map(home::failoverFor).orElse(home.failover());
        LinkedHashSet<RegionName> regions = new LinkedHashSet<>();
        regions.add(home.name());
        regions.addAll(order);
        config.regions().forEach(r -> regions.add(r.name()));
        List<Candidate> candidates = new ArrayList<>();
        for (RegionName region : regions) {
            Candidate candidate = byRegion.get(region);
            if (candidate != null && !(candidate instanceof Candidate.LocalEndpoints local && local.endpoints().isEmpty())) {
                candidates.add(candidate);
            }
        }
        return candidates;
    }

    private static Candidate.LocalEndpoints localEndpoints(RegionName region, ServiceConfig service, List<EndpointConfig> endpoints) {
        return new Candidate.LocalEndpoints(region, service.name(), service.protocol(), service.upstreamTls(), endpoints);
    }
}
