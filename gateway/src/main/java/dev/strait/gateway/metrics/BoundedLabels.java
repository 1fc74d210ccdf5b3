package dev.strait.gateway.metrics;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.Optional;

/**
 * Label values that cannot grow with traffic: a service or region becomes {@code unknown} unless
 * the routing snapshot knows it, so a caller naming a thousand services that do not exist adds
 * no series.
 */
final class BoundedLabels {
    /** The value of a service or region label the node does not know, or a call never got to. */
    static final String UNKNOWN = "unknown";

    private BoundedLabels() {}

    /** {@code service} when {@code snapshot} routes it (served here, or imported from another region), else {@code unknown}. */
    static String service(Optional<ServiceName> service, RoutingSnapshot snapshot) {
        if (service.isEmpty()) {
            return UNKNOWN;
        }
        ServiceName name = service.get();
        boolean known = snapshot.failoverRoutes().containsKey(name) || snapshot.localServices().containsKey(name)
                || snapshot.pinnedRoutes().containsKey(name);
        return known ? name.value() : UNKNOWN;
    }

    /** {@code region} when it is a region of the federation {@code snapshot} was built from, else {@code unknown}. */
    static String region(Optional<RegionName> region, RoutingSnapshot snapshot) {
        if (region.isEmpty()) {
            return UNKNOWN;
        }
        RegionName name = region.get();
        boolean known = name.equals(snapshot.region()) || snapshot.peerFederation().containsKey(name)
                || snapshot.peerGateways().containsKey(name);
        return known ? name.value() : UNKNOWN;
    }

    /** {@code 2xx} for 200 to 299 and so on; {@code unknown} for anything outside 100 to 599. */
    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : UNKNOWN;
    }

    static String listener(Listener listener) {
        return switch (listener) {
            case LOCAL -> "local";
            case PEER -> "peer";
        };
    }
}
