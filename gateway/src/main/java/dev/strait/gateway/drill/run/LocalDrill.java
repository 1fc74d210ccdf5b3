package dev.strait.gateway.drill.run;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.drill.load.LoadTarget;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.gateway.tls.TlsFilesWatcher;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs scenarios against their federation started in this process ({@code strait drill run
 * SCENARIO... --local}), one after the other on the same federation, and judges each into a
 * {@link dev.strait.gateway.drill.report.DrillReport}. Before each, the drill waits again until
 * every region has a leader and is federated, so a drill starts on a whole federation whatever
 * the one before it broke and repaired.
 *
 * <p>Each load calls the local listener of the <em>first</em> node (in config order) of its
 * {@code from} region, as a workload pinned to one gateway would; a fault that stops that node
 * shows up as failed calls. Nodes watch their TLS files every {@link #TLS_FILES_INTERVAL}, so a
 * replaced certificate is in use within about a second; an {@code expire-certificate} step writes
 * one valid for {@link #EXPIRING_LIFETIME} and waits until it has expired in use.
 */
public final class LocalDrill {
    /** How long the federation may take to start, elect its leaders and federate. */
    public static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    static final Duration TLS_FILES_INTERVAL = Duration.ofMillis(250);
    static final Duration EXPIRING_LIFETIME = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(20);

    private final List<Scenario> scenarios;
    private final FederationConfig federation;
    private final Path workDirectory;
    private final PrintWriter progress;

    /**
     * Drills of {@code scenarios} (each validated against {@code federation}) on {@code federation},
     * whose certificates are under {@code workDirectory} (see {@link #prepareFederation}); nodes keep
     * their data there too. What the drills do is reported, line by line, to {@code progress}.
     */
    public LocalDrill(List<Scenario> scenarios, FederationConfig federation, Path workDirectory, PrintWriter progress) {
        this.scenarios = List.copyOf(scenarios);
        if (this.scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenario (expected: at least one)");
        }
        this.federation = Objects.requireNonNull(federation, "federation");
        this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Loads the federation config in {@code file} with its certificate directory moved to
     * {@code workDirectory/certs}, and issues every certificate there.
     */
    public static FederationConfig prepareFederation(Path file, Path workDirectory) throws ConfigException {
        Path certificates = workDirectory.resolve("certs");
        var loader = new FederationConfigLoader();
        FederationConfig unchecked = loader.load(file, LoadOptions.withoutFileChecks().withCertificateDirectory(certificates));
        new FederationCertificates(Clock.systemUTC()).issue(unchecked, certificates);
        return loader.load(file, LoadOptions.defaults().withCertificateDirectory(certificates));
    }

    /**
     * Starts the federation, runs each drill in turn and hands its result to {@code done} as soon
     * as it is judged, then stops everything. A drill that cannot run (the federation does not come
     * back whole, the warm-up keeps failing) ends the run with that reason.
     */
    public void run(Consumer<DrillResult> done) throws DrillRunException, InterruptedException {
        LocalFederation running;
        try {
            running = LocalFederation.start(federation, workDirectory.resolve("data"), Set.of(), (region, node) -> NodeOptions.DEFAULTS,
                    TlsFilesWatcher.Settings.defaults().withInterval(TLS_FILES_INTERVAL));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new DrillRunException("the federation did not start: " + e.getMessage(), e);
        }
        try (LocalFederation local = running;
                AdminCalls admin = new AdminCalls(region -> adminUris(local, region), Optional.empty())) {
            progress.println("strait drill: starting federation '" + federation.name() + "' (" + local.nodes().size()
                    + " nodes) under " + workDirectory);
            progress.flush();
            LocalFaults faults = new LocalFaults(local, admin, new CertificateRotation(local.config(), workDirectory.resolve("rotations")),
                    EXPIRING_LIFETIME);
            DrillFederation target = new DrillFederation() {
                @Override
                public LoadTarget target(LoadSpec spec) throws DrillRunException {
                    return LocalDrill.target(local, spec);
                }

                @Override
                public Undo apply(String stepId, DrillFault fault, Duration lasting) throws Exception {
                    return faults.apply(stepId, fault, lasting);
                }

                @Override
                public AdminCalls admin() {
                    return admin;
                }
            };
            for (Scenario scenario : scenarios) {
                awaitReady(local);
                progress.println("strait drill: " + scenario.name() + " starts");
                progress.flush();
                done.accept(new DrillSession(scenario, federation, target, progress).run());
            }
            progress.println("strait drill: stopping the federation");
            progress.flush();
        }
    }

    /** The admin URL of a node running in this process. */
    static URI adminUri(GatewayNode node) {
        return URI.create("http://" + AdminCalls.reachable(node.config().adminHost()) + ":" + node.adminPort());
    }

    private static List<URI> adminUris(LocalFederation local, RegionName region) {
        return local.nodes().stream().filter(n -> n.region().name().equals(region)).map(LocalDrill::adminUri).toList();
    }

    private void awaitReady(LocalFederation local) throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        if (!local.awaitFederated(READY_DEADLINE)) {
            throw new DrillRunException("the regions did not federate within " + READY_DEADLINE.toSeconds() + " s (expected: every"
                    + " region importing every other's catalog; see /v1/status of each node)");
        }
        while (!local.nodes().stream().allMatch(node -> node.store().status().leader().isPresent())) {
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException("not every region elected a Raft leader within " + READY_DEADLINE.toSeconds() + " s");
            }
            Thread.sleep(POLL);
        }
    }

    /** Where the calls of {@code spec} go: the local listener of the first node of its {@code from} region. */
    private static LoadTarget target(LocalFederation local, LoadSpec spec) throws DrillRunException {
        RegionConfig region = local.config().region(spec.from())
                .orElseThrow(() -> new DrillRunException("load '" + spec.name() + "': no region '" + spec.from() + "' in the federation"));
        NodeConfig first = region.nodes().getFirst();
        GatewayNode node = local.node(region.name(), first.id())
                .orElseThrow(() -> new DrillRunException("load '" + spec.name() + "': node " + first.id() + " of " + region.name() + " is not running"));
        URI listener = URI.create("http://" + AdminCalls.reachable(first.host()) + ":" + node.localPort());
        return LoadTarget.of(listener, spec.service().value(), local.config().meshSuffix(), LoadTarget.HttpProtocol.HTTP_1_1);
    }
}
