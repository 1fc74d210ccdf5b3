package dev.strait.federation.catalog;

import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import java.util.Objects;

/**
 * One endpoint of a local service in the region's replicated catalog.
 *
 * @param id          unique within its service
 * @param address     where it listens
 * @param source      config or runtime registration
 * @param health      the last health transition written through Raft
 * @param draining    taking no new calls (set by drains)
 * @param maintenance taken out of rotation by an operator
 */
public record CatalogEndpoint(EndpointId id, HostPort address, EndpointSource source, Health health, boolean draining,
        boolean maintenance) {
    public CatalogEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(health, "health");
    }

    /** Whether the data plane may send calls to it. */
    public boolean routable() {
        return health.routable() && !draining && !maintenance;
    }

    public CatalogEndpoint withHealth(Health next) {
        return new CatalogEndpoint(id, address, source, next, draining, maintenance);
    }
}
