package dev.strait.policy.model;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.traffic.TrafficPolicy;
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
 * @param traffic     how calls to it are routed, split, timed out, retried and limited (see
 *                    {@code dev.strait.policy.traffic}); {@link TrafficPolicy#NONE} for the defaults
 * @param faults      the faults declared for it in config, each for this service; none for normal operation
 * @param upstreamIdentity the workload identity its endpoints must present over TLS, when it is not the
 *                    service's own ({@code spiffe://<td>/region/<region>/service/<name>}), as for an
 *                    endpoint that serves under another name; empty for the service's own
 */
public record ServiceConfig(
        ServiceName name,
        Protocol protocol,
        UpstreamTls upstreamTls,
        List<RegionName> exportTo,
        List<RegionName> failover,
        List<EndpointConfig> endpoints,
        HealthCheck healthCheck,
        List<AuthorizationRule> authorization,
        TrafficPolicy traffic,
        List<Fault> faults,
        Optional<SpiffeId.Service> upstreamIdentity) {
    public ServiceConfig {
        Objects.requireNonNull(upstreamIdentity, "upstreamIdentity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(upstreamTls, "upstreamTls");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(traffic, "traffic");
        exportTo = List.copyOf(exportTo);
        failover = List.copyOf(failover);
        endpoints = List.copyOf(endpoints);
        authorization = List.copyOf(authorization);
        faults = List.copyOf(faults);
        for (Fault fault : faults) {
            if (!fault.service().equals(name)) {
                throw new IllegalArgumentException("fault '" + fault.id() + "' is for service '" + fault.service()
                        + "' (expected: '" + name + "', the service it is declared under)");
            }
        }
    }

    /** A service whose endpoints present the service's own identity. */
    public ServiceConfig(
            ServiceName name,
            Protocol protocol,
            UpstreamTls upstreamTls,
            List<RegionName> exportTo,
            List<RegionName> failover,
            List<EndpointConfig> endpoints,
            HealthCheck healthCheck,
            List<AuthorizationRule> authorization,
            TrafficPolicy traffic,
            List<Fault> faults) {
        this(name, protocol, upstreamTls, exportTo, failover, endpoints, healthCheck, authorization, traffic, faults,
                Optional.empty());
    }

    /** A service with the default traffic policy and no faults. */
    public ServiceConfig(
            ServiceName name,
            Protocol protocol,
            UpstreamTls upstreamTls,
            List<RegionName> exportTo,
            List<RegionName> failover,
            List<EndpointConfig> endpoints,
            HealthCheck healthCheck,
            List<AuthorizationRule> authorization) {
        this(name, protocol, upstreamTls, exportTo, failover, endpoints, healthCheck, authorization, TrafficPolicy.NONE,
                List.of());
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

    /**
     * The identity the service's endpoints must present over TLS: {@link #upstreamIdentity()} when
     * set, else the service's own workload identity in {@code region}.
     */
    public SpiffeId.Service expectedUpstreamIdentity(TrustDomain trustDomain, RegionName region) {
        return upstreamIdentity.orElseGet(() -> SpiffeId.service(trustDomain, region, name));
    }

    public Optional<EndpointConfig> endpoint(EndpointId id) {
        return endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
