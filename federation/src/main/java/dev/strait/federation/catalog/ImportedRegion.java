package dev.strait.federation.catalog;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a region learned from one peer region over federation: the services that peer exports to
 * it, with how many healthy endpoints each has there, and the peer's gateway nodes that accept
 * calls. Written through the importing region's Raft group, so all its nodes route on it alike.
 *
 * @param origin           the peer region
 * @param version          the peer's version of this export, as last synced
 * @param gateways         the peer's gateway nodes' peer-listener addresses
 * @param healthyEndpoints per exported service, its healthy endpoints in the peer region
 * @param syncedAtMillis   wall-clock time (of the node that wrote it) of the last sync
 * @param stale            the peer went silent past the region's {@code staleAfter}: a last resort only
 */
public record ImportedRegion(RegionName origin, long version, List<HostPort> gateways,
        Map<ServiceName, Integer> healthyEndpoints, long syncedAtMillis, boolean stale) {
    public ImportedRegion {
        Objects.requireNonNull(origin, "origin");
        gateways = List.copyOf(gateways);
        healthyEndpoints = Map.copyOf(healthyEndpoints);
    }

    /** Whether the peer reports {@code service} with at least one healthy endpoint. */
    public boolean serves(ServiceName service) {
        return healthyEndpoints.getOrDefault(service, 0) > 0;
    }

    public ImportedRegion markedStale() {
        return new ImportedRegion(origin, version, gateways, healthyEndpoints, syncedAtMillis, true);
    }
}
