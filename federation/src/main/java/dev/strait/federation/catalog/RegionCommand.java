package dev.strait.federation.catalog;

import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;

/**
 * A change to a region's replicated state. Commands are checked against the current state
 * before they are proposed; applying one is deterministic and cannot fail on its input (a
 * command that no longer fits the state when it is applied changes nothing).
 */
public sealed interface RegionCommand {
    /**
     * Applies a new federation config, only if the region's config version is still
     * {@code expectedVersion} (so two concurrent applies cannot both win).
     */
    record ApplyConfig(String yaml, long expectedVersion) implements RegionCommand {}

    /** Registers (or moves) a runtime endpoint of a service the config declares in this region. */
    record RegisterEndpoint(ServiceName service, EndpointId endpoint, HostPort address) implements RegionCommand {}

    /** Removes a runtime endpoint. Config-declared endpoints leave only with a new config. */
    record DeregisterEndpoint(ServiceName service, EndpointId endpoint) implements RegionCommand {}

    /** Records a health transition decided by the region's checks. */
    record SetHealth(ServiceName service, EndpointId endpoint, Health health) implements RegionCommand {}

    /** Marks an endpoint as in maintenance (out of rotation) or back. */
    record SetMaintenance(ServiceName service, EndpointId endpoint, boolean maintenance) implements RegionCommand {}
}
