package dev.strait.gateway.metrics;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.peering.PeeringStatus;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.RegionName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per peer region of the federation: whether its federation streams are up, whether what this
 * region imported from it is stale, and how long ago its stream last said anything. Peers come
 * from the routing snapshot; one removed from the federation reads NaN until the node restarts.
 *
 * <p>Only the region's leader holds the streams. On other nodes {@code connected} is the region's
 * replicated view (a fresh import), and the lag is NaN, since they hear nothing themselves.
 */
public final class FederationMetrics implements MeterBinder {
    private final Supplier<RoutingSnapshot> snapshots;
    private final Supplier<RegionState> state;
    private final Supplier<PeeringStatus> peering;
    private final Set<RegionName> bound = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public FederationMetrics(Supplier<RoutingSnapshot> snapshots, Supplier<RegionState> state, Supplier<PeeringStatus> peering) {
        this.snapshots = snapshots;
        this.state = state;
        this.peering = peering;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        observe(snapshots.get());
    }

    /** Adds the series of peers {@code snapshot} names for the first time (a config apply may add regions). */
    public void observe(RoutingSnapshot snapshot) {
        MeterRegistry target = registry;
        if (target == null || target.isClosed()) {
            return;
        }
        for (RegionName peer : snapshot.peerFederation().keySet()) {
            if (bound.add(peer)) {
                bind(target, peer);
            }
        }
    }

    private void bind(MeterRegistry registry, RegionName peer) {
        Gauge.builder("strait.federation.peer.connected", () -> known(peer) ? (connected(peer) ? 1 : 0) : Double.NaN)
                .description("1 while the federation streams with the peer region are up")
                .tag("peer_region", peer.value())
                .register(registry);
        Gauge.builder("strait.federation.peer.stale", () -> known(peer) ? (stale(peer) ? 1 : 0) : Double.NaN)
                .description("1 when the peer region went silent past staleAfter: its services are a last resort")
                .tag("peer_region", peer.value())
                .register(registry);
        Gauge.builder("strait.federation.peer.lag.seconds", () -> known(peer) ? silentForSeconds(peer) : Double.NaN)
                .description("Seconds since the last message on the peer region's stream (NaN on nodes not holding the streams)")
                .tag("peer_region", peer.value())
                .register(registry);
    }

    private boolean known(RegionName peer) {
        return snapshots.get().peerFederation().containsKey(peer);
    }

    /** As {@code GET /v1/status} says it. */
    private boolean connected(RegionName peer) {
        PeeringStatus streams = peering.get();
        if (!streams.holdsStreams()) {
            return imported(peer).map(i -> !i.stale()).orElse(false);
        }
        boolean exporting = streams.exports().stream().anyMatch(e -> e.peer().equals(peer) && e.connected());
        boolean importing = streams.imports().stream().anyMatch(i -> i.origin().equals(peer) && i.connected());
        return exporting && importing;
    }

    private boolean stale(RegionName peer) {
        return imported(peer).map(ImportedRegion::stale).orElse(false);
    }

    private double silentForSeconds(RegionName peer) {
        return peering.get().imports().stream()
                .filter(i -> i.origin().equals(peer) && i.silentForMillis() >= 0)
                .mapToDouble(i -> i.silentForMillis() / 1000.0)
                .findFirst()
                .orElse(Double.NaN);
    }

    private Optional<ImportedRegion> imported(RegionName peer) {
        return state.get().imported(peer);
    }
}
