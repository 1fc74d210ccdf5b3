package dev.strait.federation.snapshot;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The endpoints of a region's own services that calls may go to right now. */
public record LocalCatalog(Map<ServiceName, List<EndpointConfig>> routableEndpoints) {
    public LocalCatalog {
        routableEndpoints = routableEndpoints.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public List<EndpointConfig> routable(ServiceName service) {
        return routableEndpoints.getOrDefault(service, List.of());
    }

    /** Every endpoint the config declares in {@code region}, all routable. */
    public static LocalCatalog fromConfig(FederationConfig config, RegionName region) {
        return new LocalCatalog(config.region(region).map(RegionConfig::services).orElse(List.of()).stream()
                .collect(Collectors.toMap(ServiceConfig::name, ServiceConfig::endpoints)));
    }

    /** The routable endpoints of a region's replicated state: healthy or unchecked, not draining, not in maintenance. */
    public static LocalCatalog fromState(RegionState state) {
        return new LocalCatalog(state.catalog().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream()
                        .filter(CatalogEndpoint::routable)
                        .map(endpoint -> new EndpointConfig(endpoint.id(), endpoint.address()))
                        .toList())));
    }
}
