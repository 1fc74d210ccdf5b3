package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices dark regions without waiting for traffic: pings every other region's gateway nodes
 * over the pooled mTLS connections, and reports the set of gateways that missed
 * {@code threshold} pings in a row (one answered ping brings a gateway back). A gateway of a
 * region whose link the region's faults cut counts as not answering, without being pinged. See
 * docs/failover.md for how the settings bound the time to notice.
 */
public final class PeerProber implements AutoCloseable {
    /** How often and how strictly remote gateways are probed. */
    public record Settings(Duration interval, Duration timeout, int threshold) {
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofMillis(150), 2);
        }
    }

    /** One remote gateway node, with the region whose TLS identity it must prove. */
    public record Target(RegionName region, HostPort gateway) {}

    private static final Logger LOG = LoggerFactory.getLogger(PeerProber.class);

    private final UpstreamTransports transports;
    private final List<Target> targets;
    private final Settings settings;
    private final Consumer<Set<HostPort>> onChange;
    private final Predicate<RegionName> partitioned;
    private final ScheduledExecutorService timer;
    private final Map<HostPort, Integer> misses = new ConcurrentHashMap<>();
    private final Set<HostPort> probing = ConcurrentHashMap.newKeySet();
    // Confined to the timer thread.
    private Set<HostPort> reported = Set.of();

    public PeerProber(UpstreamTransports transports, List<Target> targets, Settings settings, Consumer<Set<HostPort>> onChange) {
        this(transports, targets, settings, onChange, region -> false);
    }

    /** @param partitioned whether the link to a region is cut right now (its gateways are then not pinged) */
    public PeerProber(UpstreamTransports transports, List<Target> targets, Settings settings, Consumer<Set<HostPort>> onChange,
            Predicate<RegionName> partitioned) {
        this.partitioned = partitioned;
        this.transports = transports;
        this.targets = List.copyOf(targets);
        this.settings = settings;
        this.onChange = onChange;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("peer-prober").daemon().factory());
    }

    public void start() {
        if (!targets.isEmpty()) {
            timer.scheduleWithFixedDelay(this::round, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        for (Target target : targets) {
            // A probe still waiting for its answer is not doubled; it counts when it ends.
            if (probing.add(target.gateway())) {
                Thread.ofVirtual().name("peer-probe-" + target.gateway()).start(() -> probe(target));
            }
        }
    }

    /** Publishes the unreachable set if it changed; runs on the timer thread after every probe. */
    private void publishIfChanged() {
        Set<HostPort> down = misses.entrySet().stream()
                .filter(e -> e.getValue() >= settings.threshold())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
        if (!down.equals(reported)) {
            LOG.info("remote gateways unreachable: {} (were: {})", down, reported);
            // A connection whose peer stopped answering (a silent partition) would hold the calls in
            // flight on it until their per-try timeout; they fail now, so that those that can be
            // sent again go to another gateway or region at once.
            Set<HostPort> silent = down.stream().filter(gateway -> !reported.contains(gateway)).collect(Collectors.toUnmodifiableSet());
            if (!silent.isEmpty()) {
                transports.abandon(silent);
            }
            reported = down;
            onChange.accept(down);
        }
    }

    private void probe(Target target) {
        try {
            boolean answered = !partitioned.test(target.region())
                    && transports.ping(target.region(), target.gateway(), settings.timeout());
            misses.merge(target.gateway(), answered ? 0 : 1, (before, delta) -> delta == 0 ? 0 : before + 1);
        } finally {
            probing.remove(target.gateway());
        }
        if (!timer.isShutdown()) {
            timer.execute(this::publishIfChanged);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
