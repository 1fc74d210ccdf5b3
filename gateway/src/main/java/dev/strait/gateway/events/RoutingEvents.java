package dev.strait.gateway.events;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Finds failovers and failbacks in the routing snapshots a node publishes: a service whose first
 * candidate moves to another region has failed over (with the cause the new snapshot shows), and
 * one whose first candidate comes back to the region it left has failed back. A service that
 * appears or loses every candidate is not a failover: there was no other region to move to.
 */
public final class RoutingEvents implements Consumer<RoutingSnapshot> {
    private record Away(RegionName origin, long sinceNanos) {}

    private final EventLog events;
    private final LongSupplier nanoTime;
    // Guarded by this: snapshots are published from more than one control-plane thread.
    private Map<ServiceName, RegionName> first;
    private final Map<ServiceName, Away> away = new HashMap<>();

    public RoutingEvents(EventLog events) {
        this(events, System::nanoTime);
    }

    RoutingEvents(EventLog events, LongSupplier nanoTime) {
        this.events = events;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void accept(RoutingSnapshot snapshot) {
        Map<ServiceName, RegionName> now = firstRegions(snapshot);
        if (first != null) {
            Set<ServiceName> services = new HashSet<>(first.keySet());
            services.addAll(now.keySet());
            for (ServiceName service : services) {
                RegionName before = first.get(service);
                RegionName after = now.get(service);
                if (before != null && after != null && !before.equals(after)) {
                    moved(snapshot, service, before, after);
                }
            }
        }
        first = now;
    }

    private void moved(RoutingSnapshot snapshot, ServiceName service, RegionName before, RegionName after) {
        Away left = away.get(service);
        if (left != null && left.origin().equals(after)) {
            away.remove(service);
            events.record(new Event.Failback(service, before, after, Duration.ofNanos(nanoTime.getAsLong() - left.sinceNanos())));
            return;
        }
        Optional<String> outage = outage(snapshot, service, before);
        // Only a region that stopped serving is one to come back to. One that merely comes second
        // now (a preferred region a starting node has just heard of, or a new failover order) is
        // not: taking it for the origin would call the next real failover a failback.
        if (left == null && outage.isPresent()) {
            away.put(service, new Away(before, nanoTime.getAsLong()));
        }
        events.record(new Event.Failover(service, before, after, outage.orElse("region '" + after + "' comes first now")));
    }

    /** Why {@code before} no longer comes first, as far as the snapshot shows. */
    static String cause(RoutingSnapshot snapshot, ServiceName service, RegionName before, RegionName after) {
        return outage(snapshot, service, before).orElse("region '" + after + "' comes first now");
    }

    /** Why {@code before} stopped serving {@code service} here; empty when it still does. */
    private static Optional<String> outage(RoutingSnapshot snapshot, ServiceName service, RegionName before) {
        if (before.equals(snapshot.region())) {
            return Optional.of("no routable endpoint in region '" + before + "'");
        }
        Candidate candidate = snapshot.pinnedRoutes().getOrDefault(service, Map.of()).get(before);
        return switch (candidate) {
            case null -> Optional.of("region '" + before + "' no longer serves it to region '" + snapshot.region() + "'");
            case Candidate.RemoteRegion remote when remote.gateways().isEmpty() ->
                    Optional.of("no gateway of region '" + before + "' answers probes");
            case Candidate.RemoteRegion remote when remote.stale() -> Optional.of("region '" + before + "' went silent (its import is stale)");
            case Candidate.RemoteRegion remote when remote.healthyEndpoints() == 0 ->
                    Optional.of("region '" + before + "' reports no healthy endpoint");
            default -> Optional.empty();
        };
    }

    private static Map<ServiceName, RegionName> firstRegions(RoutingSnapshot snapshot) {
        Map<ServiceName, RegionName> first = new HashMap<>();
        for (Map.Entry<ServiceName, List<Candidate>> route : snapshot.failoverRoutes().entrySet()) {
            if (!route.getValue().isEmpty()) {
                first.put(route.getKey(), route.getValue().getFirst().region());
            }
        }
        return first;
    }
}
