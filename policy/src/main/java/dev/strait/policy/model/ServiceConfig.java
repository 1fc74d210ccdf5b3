package dev.strait.policy.model;

import dev.strait.policy.authz.AuthorizationRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service served in a region.
 *
 * @param name        the service's name, unique in its region
 * @param protocol    how its endpoints speak
 * @param upstreamTls how the gateway connects to its endpoints
 * @param exportTo    the other regions that may call it (none unless listed)
 * @param failover    the order of regions to try when it has no healthy endpoint here; empty means
 *                    the region's order
 * @param endpoints   its endpoints in this region
 * @param healthCheck how the gateways of the region actively check its endpoints; {@link HealthCheck#NONE}
 *                    for no check
 * @param authorization who may call it, in rule order (see {@code dev.strait.policy.authz}); empty for
 *                    the defaults: same-region authenticated callers only
 */
public record ServiceConfig(
        ServiceName name,
        Protocol protocol,
        UpstreamTls upstreamTls,
        List<RegionName> exportTo,
        List<RegionName> failover,
        List<EndpointConfig> endpoints,
        HealthCheck healthCheck,
        List<AuthorizationRule> authorization) {
    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(upstreamTls, "upstreamTls");
        Objects.requireNonNull(healthCheck, "healthCheck");
        exportTo = List.copyOf(exportTo);
        failover = List.copyOf(failover);
        endpoints = List.copyOf(endpoints);
        authorization = List.copyOf(authorization);
    }

    /** A service with no authorization rules. */
    public ServiceConfig(
            ServiceName name,
            Protocol protocol,
            UpstreamTls upstreamTls,
            List<RegionName> exportTo,
            List<RegionName> failover,
            List<EndpointConfig> endpoints,
            HealthCheck healthCheck) {
        this(name, protocol, upstreamTls, exportTo, failover, endpoints, healthCheck, List.of());
    }

    /** A service without an active health check ({@link HealthCheck#NONE}). */
    public ServiceConfig(
            ServiceName name,
            Protocol protocol,
            UpstreamTls upstreamTls,
            List<RegionName> exportTo,
            List<RegionName> failover,
            List<EndpointConfig> endpoints) {
        this(name, protocol, upstreamTls, exportTo, failover, endpoints, HealthCheck.NONE);
    }

    public boolean isExportedTo(RegionName region) {
        return exportTo.contains(region);
    }

    public Optional<EndpointConfig> endpoint(EndpointId id) {
        return endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
