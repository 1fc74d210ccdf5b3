package dev.strait.gateway.cli;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.peering.ExportedCatalog;
import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.LocalCatalog;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.RoutingSnapshotBuilder;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.plan.RouteCandidate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The failover-aware candidates each region of a config would route to, from the config alone:
 * every endpoint healthy, every gateway reachable, and every region importing exactly what the
 * others export to it, as the routing snapshot builder orders them.
 */
final class PlannedRoutes {
    private PlannedRoutes() {}

    /** Per region (in config order), per service it can route (by name), the candidates in order. */
    static Map<RegionName, Map<ServiceName, List<RouteCandidate>>> of(FederationConfig config) {
        RoutingSnapshotBuilder builder = new RoutingSnapshotBuilder(config);
        Map<RegionName, RoutingSnapshot> alone = new HashMap<>();
        config.regions().forEach(region -> alone.put(region.name(), builder.build(region.name(), 1)));

        Map<RegionName, Map<ServiceName, List<RouteCandidate>>> routes = new LinkedHashMap<>();
        for (RegionConfig home : config.regions()) {
            Map<RegionName, ImportedRegion> imports = new HashMap<>();
            for (RegionConfig peer : config.regions()) {
                if (!peer.name().equals(home.name())) {
                    ExportedCatalog export = ExportedCatalog.of(alone.get(peer.name()), home.name());
                    imports.put(peer.name(), new ImportedRegion(peer.name(), 1, export.gateways(), export.healthyEndpoints(), 0, false));
                }
            }
            RoutingSnapshot federated = builder.build(home.name(), LocalCatalog.fromConfig(config, home.name()), imports, Set.of(), 1);
            Map<ServiceName, List<RouteCandidate>> services = new TreeMap<>();
            federated.failoverRoutes().forEach((service, candidates) ->
                    services.put(service, candidates.stream().map(PlannedRoutes::candidate).toList()));
            routes.put(home.name(), services);
        }
        return routes;
    }

    private static RouteCandidate candidate(Candidate candidate) {
        return switch (candidate) {
            case Candidate.LocalEndpoints local -> RouteCandidate.local(local.region());
            case Candidate.RemoteRegion remote -> RouteCandidate.remote(remote.region());
        };
    }
}
