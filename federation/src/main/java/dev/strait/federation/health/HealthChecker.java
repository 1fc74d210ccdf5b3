package dev.strait.federation.health;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actively checks the region's local endpoints while this node is the region's Raft leader, so
 * that checks do not multiply with the number of nodes, and writes each endpoint's health
 * transitions (never the individual results) through Raft.
 *
 * <p>Every endpoint of every service whose config has an active {@link HealthCheck} is probed
 * once per interval, by the HTTP or the TCP {@link Probe}; the set of endpoints follows the
 * region's applied state (registrations, config applies). On gaining leadership, each endpoint
 * starts from its replicated health; on losing it, probing stops. A transition that cannot be
 * written is tried again after the next check.
 *
 * <p>One platform thread keeps time and follows the state; probes run on virtual threads, at
 * most one at a time per endpoint (a check still running when the next is due skips that one).
 */
public final class HealthChecker implements AutoCloseable {
    /** How often leadership is polled when the default constructor is used. */
    public static final Duration DEFAULT_LEADERSHIP_POLL = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    private static final Path CONFIG_SOURCE = Path.of("applied-config.yaml");

    private final CheckedRegion region;
    private final Probe httpProbe;
    private final Probe tcpProbe;
    private final Duration leadershipPoll;
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final Set<EndpointKey> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    // Confined to the timer thread.
    private final Map<EndpointKey, EndpointProbe> running = new HashMap<>();
    // Confined to the timer thread.
    private boolean leading;
    // Confined to the timer thread.
    private AppliedConfig parsedFrom = AppliedConfig.NONE;
    // Confined to the timer thread.
    private Optional<RegionConfig> parsed = Optional.empty();

    /** A checker that polls leadership every {@link #DEFAULT_LEADERSHIP_POLL}. */
    public HealthChecker(CheckedRegion region, Probe httpProbe, Probe tcpProbe) {
        this(region, httpProbe, tcpProbe, DEFAULT_LEADERSHIP_POLL);
    }

    /**
     * @param httpProbe      runs {@link HealthCheck.Http} checks
     * @param tcpProbe       runs {@link HealthCheck.Tcp} checks, normally a {@link TcpProbe}
     * @param leadershipPoll how often to look whether this node gained or lost leadership (and
     *                       re-read the state, besides every change it is told about)
     */
    public HealthChecker(CheckedRegion region, Probe httpProbe, Probe tcpProbe, Duration leadershipPoll) {
        this.region = Objects.requireNonNull(region, "region");
        this.httpProbe = Objects.requireNonNull(httpProbe, "httpProbe");
        this.tcpProbe = Objects.requireNonNull(tcpProbe, "tcpProbe");
        if (!leadershipPoll.isPositive()) {
            throw new IllegalArgumentException("leadershipPoll must be more than zero: " + leadershipPoll);
        }
        this.leadershipPoll = leadershipPoll;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("health-checker-" + region.name()).daemon().factory());
        this.probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("health-probe-" + region.name() + "-", 0)
                .uncaughtExceptionHandler((thread, e) -> LOG.error("health probe thread {} failed", thread.getName(), e))
                .factory());
    }

    /** Starts following leadership and the region's state; returns at once. */
    public void start() {
        if (closed) {
            throw new IllegalStateException("the health checker of region '" + region.name() + "' is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        region.subscribe(state -> requestReconcile());
        timer.scheduleWithFixedDelay(this::reconcile, 0, leadershipPoll.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops probing; checks in progress are interrupted and nothing more is written. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        timer.shutdownNow();
        probes.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        probes.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The endpoints probed right now (none unless leading), for tests and status pages. */
    Set<EndpointKey> probed() throws InterruptedException {
        try {
            return timer.submit(() -> Set.copyOf(running.keySet())).get();
        } catch (ExecutionException | RejectedExecutionException e) {
            return Set.of();
        }
    }

    /** Called on the Ratis apply thread: hands off to the timer thread, coalescing bursts. */
    private void requestReconcile() {
        if (closed || !reconcilePending.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.execute(this::reconcile);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile; nothing to follow any more.
        }
    }

    private void reconcile() {
        reconcilePending.set(false);
        try {
            if (region.isLeader()) {
                follow(region.current());
            } else if (leading) {
                LOG.info("no longer the leader of region '{}': stopped checking {} endpoint(s)", region.name(), running.size());
                running.values().forEach(EndpointProbe::stop);
                running.clear();
                leading = false;
            }
        } catch (RuntimeException e) {
            // A failure here must not end the periodic task; the next poll tries again.
            LOG.warn("cannot update the health checks of region '{}'", region.name(), e);
        }
    }

    /** Makes the probed endpoints those of {@code state}; called on the timer thread while leading. */
    private void follow(RegionState state) {
        Map<EndpointKey, Target> wanted = targets(state);
        if (!leading) {
            leading = true;
            LOG.info("leader of region '{}': checking {} endpoint(s)", region.name(), wanted.size());
        }
        for (Iterator<Map.Entry<EndpointKey, EndpointProbe>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<EndpointKey, EndpointProbe> entry = it.next();
            Target target = wanted.get(entry.getKey());
            if (target == null || !target.probesLike(entry.getValue().target)) {
                entry.getValue().stop();
                it.remove();
            }
        }
        wanted.forEach((key, target) -> running.computeIfAbsent(key, k -> new EndpointProbe(k, target)).start());
    }

    private Map<EndpointKey, Target> targets(RegionState state) {
        Map<EndpointKey, Target> targets = new LinkedHashMap<>();
        for (ServiceConfig service : config(state.config()).map(RegionConfig::services).orElse(List.of())) {
            if (service.healthCheck() instanceof HealthCheck.Active check) {
                for (CatalogEndpoint endpoint : state.endpoints(service.name())) {
                    targets.put(new EndpointKey(service.name(), endpoint.id()), new Target(service, check, endpoint));
                }
            }
        }
        return targets;
    }

    private Optional<RegionConfig> config(AppliedConfig applied) {
        if (applied.version() == 0) {
            return Optional.empty();
        }
        if (!applied.digest().equals(parsedFrom.digest())) {
            try {
                parsed = new FederationConfigLoader().load(applied.yaml(), CONFIG_SOURCE, LoadOptions.withoutFileChecks())
                        .region(region.name());
            } catch (ConfigException e) {
                // Cannot happen for a config the region validated before applying it; check nothing rather than guess.
                LOG.error("applied config version {} of region '{}' does not parse; no endpoints are checked:\n{}",
                        applied.version(), region.name(), e.getMessage());
                parsed = Optional.empty();
            }
            parsedFrom = applied;
        }
        return parsed;
    }

    /** One endpoint of one service, as the catalog names it. */
    record EndpointKey(ServiceName service, EndpointId endpoint) {
        @Override
        public String toString() {
            return service + "/" + endpoint;
        }
    }

    /** What probing an endpoint needs; a change in any of it starts the endpoint's checks afresh. */
    private record Target(ServiceConfig service, HealthCheck.Active check, CatalogEndpoint endpoint) {
        boolean probesLike(Target other) {
            return service.equals(other.service) && check.equals(other.check)
                    && endpoint.address().equals(other.endpoint.address());
        }

        HostPort address() {
            return endpoint.address();
        }
    }

    /** The checks of one endpoint while this node leads: ticks on the timer thread, probes on a virtual thread. */
    private final class EndpointProbe {
        private final EndpointKey key;
        private final Target target;
        // Used only by this endpoint's probe task, which inFlight keeps to one at a time.
        private final HealthTracker tracker;
        private volatile boolean stopped;
        // Used only by this endpoint's probe task; keeps an outage to one warning per endpoint.
        private boolean writeFailing;
        // Confined to the timer thread.
        private ScheduledFuture<?> ticks;

        EndpointProbe(EndpointKey key, Target target) {
            this.key = key;
            this.target = target;
            this.tracker = new HealthTracker(target.endpoint().health(), target.check());
        }

        void start() {
            if (ticks == null) {
                ticks = timer.scheduleAtFixedRate(this::tick, 0, target.check().interval().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        void stop() {
            stopped = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }

        private void tick() {
            // Keyed by endpoint, not by this object: a replaced probe may still be finishing its last check.
            if (stopped || !inFlight.add(key)) {
                return;
            }
            try {
                probes.execute(this::checkOnce);
            } catch (RejectedExecutionException e) {
                inFlight.remove(key);
            }
        }

        private void checkOnce() {
            try {
                boolean passed = probe();
                tracker.record(passed).ifPresent(health -> LOG.info("endpoint {} at {} turned {} ({})",
                        key, target.address(), health, passed ? "passed " + target.check().healthyThreshold() + " check(s) in a row"
                                : "failed " + target.check().unhealthyThreshold() + " check(s) in a row"));
                if (!stopped) {
                    writeIfBehind();
                }
            } finally {
                inFlight.remove(key);
            }
        }

        private boolean probe() {
            Probe probe = switch (target.check()) {
                case HealthCheck.Http http -> httpProbe;
                case HealthCheck.Tcp tcp -> tcpProbe;
            };
            try {
                return probe.check(target.service(), target.endpoint(), target.check());
            } catch (RuntimeException e) {
                LOG.debug("health probe of {} at {} failed with an exception", key, target.address(), e);
                return false;
            }
        }

        /** Writes this tracker's health when the region's differs and this node decided it. */
        private void writeIfBehind() {
            Optional<CatalogEndpoint> replicated = region.current().endpoint(key.service(), key.endpoint())
                    .filter(e -> e.address().equals(target.address()));
            if (replicated.isEmpty() || replicated.get().health() == tracker.health()) {
                // Gone or moved: the next reconcile stops or replaces this probe.
                return;
            }
            if (!tracker.observed()) {
                // Another leader decided meanwhile; start from its verdict instead of overwriting it unchecked.
                tracker.adopt(replicated.get().health());
                return;
            }
            if (closed || !region.isLeader()) {
                return;
            }
            try {
                region.setHealth(new RegionCommand.SetHealth(key.service(), key.endpoint(), tracker.health()));
                writeFailing = false;
            } catch (CommandRejectedException e) {
                LOG.debug("health transition of {} to {} was refused (it left the catalog?): {}", key, tracker.health(), e.getMessage());
            } catch (RegionUnavailableException e) {
                if (closed) {
                    // Interrupted by close(); the next leader decides afresh.
                    return;
                }
                if (!writeFailing) {
                    LOG.warn("cannot write the health transition of {} to {}; trying again after every check: {}",
                            key, tracker.health(), e.getMessage());
                } else {
                    LOG.debug("still cannot write the health transition of {} to {}: {}", key, tracker.health(), e.getMessage());
                }
                writeFailing = true;
            }
        }
    }
}
