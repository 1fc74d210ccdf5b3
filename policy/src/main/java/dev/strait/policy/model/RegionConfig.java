package dev.strait.policy.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One region (datacenter) of the federation.
 *
 * @param name       the region's name
 * @param failover   the default order of regions to try for a service this region cannot serve
 * @param nodes      the gateway nodes of the region, in config order
 * @param services   the services served in the region, in config order
 * @param raft       how the region's Raft group is tuned
 * @param federation how the region takes part in federation: heartbeats, staleness, probing of
 *                   other regions' gateways and failback
 * @param localCallers which identity a caller without a certificate on the local listener has, by
 *                   its source address (first match wins); a caller matching none is the listener's
 *                   fixed identity, else anonymous
 * @param localListener how the local listener speaks (plaintext or mutual TLS) and its fixed identity
 */
public record RegionConfig(
        RegionName name,
        List<RegionName> failover,
        List<NodeConfig> nodes,
        List<ServiceConfig> services,
        RaftTuning raft,
        FederationTuning federation,
        List<LocalCaller> localCallers,
        LocalListener localListener) {
    public RegionConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(raft, "raft");
        Objects.requireNonNull(federation, "federation");
        Objects.requireNonNull(localListener, "localListener");
        failover = List.copyOf(failover);
        nodes = List.copyOf(nodes);
        services = List.copyOf(services);
        localCallers = List.copyOf(localCallers);
    }

    /** A region whose local listener is plaintext ({@link LocalListener#PLAINTEXT}). */
    public RegionConfig(RegionName name, List<RegionName> failover, List<NodeConfig> nodes, List<ServiceConfig> services,
            RaftTuning raft, FederationTuning federation, List<LocalCaller> localCallers) {
        this(name, failover, nodes, services, raft, federation, localCallers, LocalListener.PLAINTEXT);
    }

    /** A region whose local callers are all anonymous. */
    public RegionConfig(RegionName name, List<RegionName> failover, List<NodeConfig> nodes, List<ServiceConfig> services,
            RaftTuning raft, FederationTuning federation) {
        this(name, failover, nodes, services, raft, federation, List.of());
    }

    /** A region with {@link RaftTuning#DEFAULTS} and {@link FederationTuning#DEFAULTS}. */
    public RegionConfig(RegionName name, List<RegionName> failover, List<NodeConfig> nodes, List<ServiceConfig> services) {
        this(name, failover, nodes, services, RaftTuning.DEFAULTS, FederationTuning.DEFAULTS);
    }

    /** A region with {@link FederationTuning#DEFAULTS}. */
    public RegionConfig(RegionName name, List<RegionName> failover, List<NodeConfig> nodes, List<ServiceConfig> services,
            RaftTuning raft) {
        this(name, failover, nodes, services, raft, FederationTuning.DEFAULTS);
    }

    public Optional<NodeConfig> node(NodeId id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public Optional<ServiceConfig> service(ServiceName service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst();
    }

    /** The failover order for {@code service}: its own when set, else the region's. */
    public List<RegionName> failoverFor(ServiceConfig service) {
        return service.failover().isEmpty() ? failover : service.failover();
    }
}
