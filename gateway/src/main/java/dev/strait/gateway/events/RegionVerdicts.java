package dev.strait.gateway.events;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the set of remote gateways that do not answer this node's probes into verdicts per
 * region: down when none of its gateways answers, up when one answers again. A region is judged
 * down only after it was seen up, so a node starting before its peers reports no outage.
 */
public final class RegionVerdicts implements Consumer<Set<HostPort>> {
    private final Map<RegionName, List<HostPort>> gateways;
    private final EventLog events;
    private final LongSupplier nanoTime;
    // Guarded by this.
    private final Set<RegionName> seenUp = new HashSet<>();
    private final Map<RegionName, Long> downSinceNanos = new HashMap<>();

    /** @param gateways the peer-listener addresses of every other region's gateway nodes, by region */
    public RegionVerdicts(Map<RegionName, List<HostPort>> gateways, EventLog events) {
        this(gateways, events, System::nanoTime);
    }

    RegionVerdicts(Map<RegionName, List<HostPort>> gateways, EventLog events, LongSupplier nanoTime) {
        this.gateways = Map.copyOf(gateways);
        this.events = events;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void accept(Set<HostPort> unreachable) {
        gateways.forEach((region, addresses) -> {
            boolean down = !addresses.isEmpty() && unreachable.containsAll(addresses);
            if (!down) {
                Long since = downSinceNanos.remove(region);
                if (since != null) {
                    events.record(new Event.RegionUp(region, Duration.ofNanos(nanoTime.getAsLong() - since)));
                }
                seenUp.add(region);
            } else if (seenUp.contains(region) && !downSinceNanos.containsKey(region)) {
                downSinceNanos.put(region, nanoTime.getAsLong());
                events.record(new Event.RegionDown(region, addresses.size()));
            }
        });
    }
}
