package dev.strait.gateway.routing;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Brings calls back to a service's local endpoints gradually after a failover. When a snapshot
 * shows local endpoints again for a service whose calls had gone to other regions, the share of
 * calls routed local first grows linearly from 0 to 1 over {@code ramp}; the others go to the
 * next region first and keep the local endpoints as their fallback. Hysteresis against flapping
 * comes from the health checks (an endpoint returns only after {@code healthyThreshold} good
 * checks in a row); the ramp spreads the returning load.
 *
 * <p>Snapshots are observed on the assembler thread; requests read an immutable map of the ramps
 * in progress, usually empty, so the request path pays one map lookup.
 */
public final class FailbackRamp {
    private final Duration ramp;
    private final LongSupplier nanoTime;
    // Written by the snapshot thread only.
    private Set<ServiceName> failedOver = Set.of();
    private volatile Map<ServiceName, Long> rampStartNanos = Map.of();

    public FailbackRamp(Duration ramp) {
        this(ramp, System::nanoTime);
    }

    FailbackRamp(Duration ramp, LongSupplier nanoTime) {
        this.ramp = ramp;
        this.nanoTime = nanoTime;
    }

    /** Takes note of a newly published snapshot; called on the publishing thread. */
    public void observe(RoutingSnapshot snapshot) {
        if (ramp.isZero()) {
            return;
        }
        long now = nanoTime.getAsLong();
        Set<ServiceName> nowFailedOver = new HashSet<>();
        Map<ServiceName, Long> ramps = new HashMap<>();
        snapshot.localServices().keySet().forEach(service -> {
            List<Candidate> candidates = snapshot.failoverRoutes().getOrDefault(service, List.of());
            boolean local = !candidates.isEmpty() && candidates.getFirst() instanceof Candidate.LocalEndpoints;
            if (!local) {
                nowFailedOver.add(service);
            } else if (failedOver.contains(service)) {
                ramps.put(service, now);
            } else {
                Long started = rampStartNanos.get(service);
                if (started != null && now - started < ramp.toNanos()) {
                    ramps.put(service, started);
                }
            }
        });
        failedOver = Set.copyOf(nowFailedOver);
        rampStartNanos = Map.copyOf(ramps);
    }

    /**
     * The route to use for this call: {@code routed} itself, or, while the service's local endpoints
     * ramp up and this call is not among the share kept local, the same candidates with the local
     * endpoints moved behind the next region.
     */
    Resolution.Routed apply(Resolution.Routed routed) {
        Map<ServiceName, Long> ramps = rampStartNanos;
        if (ramps.isEmpty() || routed.pinned() || routed.candidates().size() < 2) {
            return routed;
        }
        Long started = ramps.get(routed.service());
        if (started == null) {
            return routed;
        }
        double share = (double) (nanoTime.getAsLong() - started) / ramp.toNanos();
        if (share >= 1 || ThreadLocalRandom.current().nextDouble() < share) {
            return routed;
        }
        List<Candidate> reordered = new ArrayList<>(routed.candidates());
        reordered.add(1, reordered.removeFirst());
        return new Resolution.Routed(routed.service(), false, reordered);
    }
}
