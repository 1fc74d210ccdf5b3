package dev.strait.federation.peering;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a region exports to one peer region: the services whose {@code exportTo} names the peer
 * (deny by default), each with its count of routable endpoints, and the region's gateway nodes
 * that accept peer traffic.
 */
public record ExportedCatalog(List<HostPort> gateways, Map<ServiceName, Integer> healthyEndpoints) {
    public ExportedCatalog {
        gateways = List.copyOf(gateways);
        healthyEndpoints = Map.copyOf(healthyEndpoints);
    }

    /** What the region routing by {@code snapshot} exports to {@code peer}. */
    public static ExportedCatalog of(RoutingSnapshot snapshot, RegionName peer) {
        Map<ServiceName, Integer> services = new HashMap<>();
        snapshot.localServices().forEach((service, local) -> {
            if (local.exportedTo().contains(peer)) {
                services.put(service, local.endpoints().endpoints().size());
            }
        });
        return new ExportedCatalog(snapshot.ownGateways(), services);
    }

    /** The change from {@code before} to this export. */
    public Changes changesSince(ExportedCatalog before) {
        Map<ServiceName, Integer> upserts = new HashMap<>();
        healthyEndpoints.forEach((service, count) -> {
            if (!count.equals(before.healthyEndpoints.get(service))) {
                upserts.put(service, count);
            }
        });
        Set<ServiceName> removals = new HashSet<>(before.healthyEndpoints.keySet());
        removals.removeAll(healthyEndpoints.keySet());
        return new Changes(gateways.equals(before.gateways) ? List.of() : gateways, upserts, removals);
    }

    /** A difference between two exports; empty {@code gateways} means they did not change. */
    public record Changes(List<HostPort> gateways, Map<ServiceName, Integer> upserts, Set<ServiceName> removals) {
        public Changes {
            gateways = List.copyOf(gateways);
            upserts = Map.copyOf(upserts);
            removals = Set.copyOf(removals);
        }

        public boolean isEmpty() {
            return gateways.isEmpty() && upserts.isEmpty() && removals.isEmpty();
        }
    }
}
