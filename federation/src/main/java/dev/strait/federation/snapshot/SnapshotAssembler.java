package dev.strait.federation.snapshot;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each applied region state, and each change in which remote gateways answer, into a
 * routing snapshot and publishes it. Inputs may arrive faster than snapshots are built; only the
 * latest is built (bursts coalesce, latest wins), on one thread, so publication order follows
 * Raft order. Snapshot versions count the snapshots this node built.
 */
public final class SnapshotAssembler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAssembler.class);

    private final RegionName region;
    private final SnapshotPublisher publisher;
    private final Path certificateDirectory;
    private final ExecutorService thread;
    private final AtomicReference<RegionState> pending = new AtomicReference<>();
    private final AtomicReference<Set<HostPort>> unreachable = new AtomicReference<>(Set.of());
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Confined to the assembler thread.
    private RegionState latest = RegionState.EMPTY;
    // Confined to the assembler thread.
    private long version;
    // Confined to the assembler thread.
    private AppliedConfig parsedFrom = AppliedConfig.NONE;
    // Confined to the assembler thread.
    private FederationConfig parsed;

    /**
     * @param certificateDirectory where this node keeps certificates, for configs that name none
     *                             absolutely (routing does not read them, but parsing resolves them)
     */
    public SnapshotAssembler(RegionName region, SnapshotPublisher publisher, Path certificateDirectory) {
        this.region = region;
        this.publisher = publisher;
        this.certificateDirectory = certificateDirectory;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("snapshot-assembler-" + region).daemon().factory());
    }

    /** Hands over a newly applied state; returns at once. */
    public void offer(RegionState state) {
        pending.set(state);
        schedule();
    }

    /** Hands over the remote gateway nodes that currently do not answer; returns at once. */
    public void offerUnreachable(Set<HostPort> gateways) {
        unreachable.set(Set.copyOf(gateways));
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(this::assembleLatest);
        }
    }

    private void assembleLatest() {
        scheduled.set(false);
        RegionState state = pending.getAndSet(null);
        if (state != null) {
            latest = state;
        }
        if (latest.config().version() == 0) {
            return;
        }
        Set<HostPort> dark = unreachable.get();
        config(latest.config()).ifPresent(config -> publisher.publish(
                new RoutingSnapshotBuilder(config).build(region, LocalCatalog.fromState(latest), latest.imports(),
                        latest.faults().values(), latest.linkFaults().values(), dark, ++version)));
    }

    private Optional<FederationConfig> config(AppliedConfig applied) {
        if (!applied.digest().equals(parsedFrom.digest())) {
            try {
                parsed = new FederationConfigLoader().load(applied.yaml(), Path.of("applied-config.yaml"),
                        LoadOptions.withoutFileChecks().withCertificateDirectory(certificateDirectory));
                parsedFrom = applied;
            } catch (ConfigException e) {
                // Cannot happen for a config the region validated before applying; keep the last good snapshot.
                LOG.error("applied config version {} does not parse; keeping the last snapshot:\n{}", applied.version(), e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(parsed);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
