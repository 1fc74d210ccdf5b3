package dev.strait.gateway.cli;

import dev.strait.gateway.accesslog.AccessLogSettings;
import dev.strait.gateway.admin.AdminSecurityException;
import dev.strait.gateway.admin.AdminToken;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.gateway.operations.DrainStatus;
import dev.strait.gateway.tls.TlsFilesWatcher;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait run}: runs one gateway node until the process is told to stop. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs one gateway node of a federation.")
final class RunCommand implements Callable<Integer> {
    // How long closing the node may take once the drain has ended, before a signalled process exits anyway.
    private static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(15);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the federation config")
    private Path config;

    @Option(names = "--node", required = true, paramLabel = "ID",
            description = "which node of the config this is: REGION/NODE, or NODE when no other region has a node of that name")
    private String node;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "the node's data directory: Raft log and snapshots (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "a file (mode 600) holding the token that mutating admin calls must carry as a bearer token; without it, "
                    + "the " + AdminTokenSource.ENVIRONMENT_VARIABLE + " environment variable, if set. Required when adminHost is not loopback")
    private Path adminTokenFile;

    @Option(names = "--access-log", paramLabel = "stdout|off|PATH", defaultValue = "off",
            description = "where the node writes its access log, one JSON line per call: stdout, off, or a file it appends to"
                    + " (default: ${DEFAULT-VALUE})")
    private String accessLog;

    @Option(names = "--access-log-sample", paramLabel = "RATE", defaultValue = "1.0",
            description = "the share of calls that went well (status below 500) the access log keeps, 0 to 1; failed calls are"
                    + " always logged (default: ${DEFAULT-VALUE})")
    private double accessLogSample;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationOption.class,
            description = "how long a drain (POST /v1/drain, or SIGTERM) lets calls in flight finish before the node closes anyway "
                    + "(default: ${DEFAULT-VALUE})")
    private Duration drainTimeout;

    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationOption.class,
            description = "how often the node reads its certificate, key and trust bundle files to pick up rotated ones "
                    + "(default: ${DEFAULT-VALUE})")
    private Duration tlsReloadInterval;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AccessLogSettings accessLogSettings = accessLogSettings();
        Optional<FederationConfig> unchecked = ConfigFiles.load(config, LoadOptions.withoutFileChecks(), err);
        if (unchecked.isEmpty()) {
            return 1;
        }
        Optional<NodeAddress> address = NodeAddress.find(unchecked.get(), node, err);
        if (address.isEmpty()) {
            return 1;
        }
        // This machine holds this node's certificates; the other nodes' are on theirs.
        Optional<FederationConfig> loaded = ConfigFiles.load(config,
                LoadOptions.defaults().withFileChecksOnlyFor(new LoadOptions.Node(address.get().region(), address.get().node())), err);
        if (loaded.isEmpty()) {
            return 1;
        }
        NodeOptions options = NodeOptions.DEFAULTS;
        try {
            Optional<AdminToken> adminToken = AdminTokenSource.find(adminTokenFile, System.getenv());
            if (adminToken.isPresent()) {
                options = options.withAdminToken(adminToken.get().value());
            }
        } catch (AdminTokenException e) {
            err.println("strait run: " + e.getMessage());
            err.flush();
            return 1;
        }
        options = options.withAccessLog(accessLogSettings);
        GatewayNode running;
        try {
            running = GatewayNode.start(loaded.get(), address.get().region(), address.get().node(), data,
                    options.withDrainTimeout(drainTimeout), TlsFilesWatcher.Settings.defaults().withInterval(tlsReloadInterval));
        } catch (AdminSecurityException e) {
            err.println("strait run: " + e.getMessage());
            err.flush();
            return 1;
        }
        NodeId nodeId = address.get().node();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("strait: node %s of region %s is up: local :%d, peer :%d, admin http://%s:%d%n", nodeId,
                running.region().name(), running.localPort(), running.peerPort(),
                running.config().adminHost(), running.adminPort());
        out.flush();
        runUntilClosed(running);
        out.printf("strait: node %s of region %s drained and closed%n", nodeId, running.region().name());
        out.flush();
        return 0;
    }

    /**
     * Blocks until the node has closed: drained through {@code POST /v1/drain}, or on SIGINT or
     * SIGTERM, which drain it first (the process exits once calls in flight finished or the drain
     * timeout passed, and the node closed).
     */
    private static void runUntilClosed(GatewayNode running) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DrainStatus status = running.drain();
            Duration left = Duration.between(Instant.now(), status.deadline().orElseGet(Instant::now));
            try {
                // Past the deadline the node closes on its own; closing takes a few seconds more at most.
                if (!running.awaitClosed(left.plus(CLOSE_ALLOWANCE))) {
                    System.err.println("strait: the node did not close within " + CLOSE_ALLOWANCE.toSeconds()
                            + " s of the drain deadline; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "strait-shutdown"));
        while (!running.awaitClosed(Duration.ofHours(1))) {
            // Still running: keep waiting.
        }
    }

    /** The access log {@code --access-log} and {@code --access-log-sample} ask for. */
    private AccessLogSettings accessLogSettings() {
        try {
            return new AccessLogSettings(AccessLogSettings.Destination.of(accessLog), accessLogSample);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Blocks until SIGINT or SIGTERM, then stops the node. */
    static void awaitShutdown(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("strait: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "strait-shutdown"));
        stopped.await();
    }
}
