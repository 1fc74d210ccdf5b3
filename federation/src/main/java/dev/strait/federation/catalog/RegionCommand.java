package dev.strait.federation.catalog;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Replaces everything imported from {@code origin} with a full export it sent (a sync from
     * scratch); clears a stale mark.
     */
    record ImportCatalog(RegionName origin, long version, List<HostPort> gateways,
            Map<ServiceName, Integer> healthyEndpoints, long atMillis) implements RegionCommand {
        public ImportCatalog {
            gateways = List.copyOf(gateways);
            healthyEndpoints = Map.copyOf(healthyEndpoints);
        }
    }

    /**
     * Applies a change {@code origin} sent on top of version {@code fromVersion}; refused unless the
     * import is at exactly that version and not stale (the peer must then sync from scratch).
     *
     * @param gateways the peer's gateways, or empty when they did not change
     */
    record ImportChanges(RegionName origin, long fromVersion, long toVersion, List<HostPort> gateways,
            Map<ServiceName, Integer> upserts, Set<ServiceName> removals, long atMillis) implements RegionCommand {
        public ImportChanges {
            gateways = List.copyOf(gateways);
            upserts = Map.copyOf(upserts);
            removals = Set.copyOf(removals);
        }
    }

    /** Marks the import from {@code origin} stale, if it is still at {@code version}. */
    record MarkStale(RegionName origin, long version) implements RegionCommand {}

    /**
     * Adds or replaces fault {@code fault.id()}. {@code atMillis} is the proposer's clock, so that
     * every node checks the expiry, and drops faults that expired, against the same time.
     */
    record PutFault(Fault fault, long atMillis) implements RegionCommand {
        public PutFault {
            java.util.Objects.requireNonNull(fault, "fault");
        }
    }

    /**
     * Adds or replaces the fault on the link to another region with id {@code fault.id()}; it
     * replaces a service fault of that id too, since both kinds share one set of ids.
     * {@code atMillis} is the proposer's clock, as for {@link PutFault}.
     */
    record PutLinkFault(LinkFault fault, long atMillis) implements RegionCommand {
        public PutLinkFault {
            java.util.Objects.requireNonNull(fault, "fault");
        }
    }

    /** Removes fault {@code id}, of either kind. */
    record RemoveFault(String id) implements RegionCommand {
        public RemoveFault {
            java.util.Objects.requireNonNull(id, "id");
        }
    }
}
