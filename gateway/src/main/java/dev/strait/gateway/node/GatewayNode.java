package dev.strait.gateway.node;

import dev.strait.federation.health.CheckedRegion;
import dev.strait.federation.health.HealthChecker;
import dev.strait.federation.health.TcpProbe;
import dev.strait.federation.peering.Peering;
import dev.strait.federation.peering.PeeringRegion;
import dev.strait.federation.peering.PeeringSettings;
import dev.strait.federation.raft.RaftSettings;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.RoutingSnapshotBuilder;
import dev.strait.federation.snapshot.SnapshotAssembler;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.accesslog.AccessLog;
import dev.strait.gateway.admin.AdminToken;
import dev.strait.gateway.admin.AdminTokenCheck;
import dev.strait.gateway.admin.NodeAdminApi;
import dev.strait.gateway.authorization.Authorization;
import dev.strait.gateway.events.Event;
import dev.strait.gateway.events.EventLog;
import dev.strait.gateway.events.RaftEvents;
import dev.strait.gateway.events.RegionVerdicts;
import dev.strait.gateway.events.RoutingEvents;
import dev.strait.gateway.faults.FaultInjection;
import dev.strait.gateway.health.HttpProbe;
import dev.strait.gateway.identity.CallerIdentification;
import dev.strait.gateway.metrics.NodeMetrics;
import dev.strait.gateway.operations.Drain;
import dev.strait.gateway.operations.DrainStatus;
import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.routing.FailbackRamp;
import dev.strait.gateway.routing.RouteSelection;
import dev.strait.gateway.server.GatewayServer;
import dev.strait.gateway.tls.TlsFilesWatcher;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.tracing.Tracing;
import dev.strait.gateway.traffic.RateLimiter;
import dev.strait.gateway.traffic.RateLimiting;
import dev.strait.gateway.traffic.TrafficRouting;
import dev.strait.gateway.upstream.Forwarding;
import dev.strait.gateway.upstream.PeerProber;
import dev.strait.gateway.upstream.Readmission;
import dev.strait.gateway.upstream.UpstreamTransports;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One running gateway node: its region's Raft state, the routing snapshots built from it, its
 * pipeline and its listeners, assembled from the federation config. {@code strait run},
 * {@code strait demo} and the integration tests all start nodes through this class.
 */
public final class GatewayNode implements AutoCloseable {
    // Rate-limit buckets kept per node (one per caller and route); idle ones make room for new callers.
    private static final int RATE_LIMIT_BUCKETS = 100_000;
    // How often the node reads its Raft status for leader changes; a change is an event, not a request-path concern.
    private static final Duration RAFT_EVENTS_INTERVAL = Duration.ofMillis(250);

    private final RegionConfig region;
    private final NodeConfig node;
    private final RegionStateStore store;
    private final GatewayServer server;
    private final SnapshotPublisher snapshots;
    private final List<AutoCloseable> parts;
    private final Drain drain;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewayNode(RegionConfig region, NodeConfig node, RegionStateStore store, GatewayServer server,
            SnapshotPublisher snapshots, List<AutoCloseable> parts, Drain drain) {
        this.region = region;
        this.node = node;
        this.store = store;
        this.server = server;
        this.snapshots = snapshots;
        this.parts = parts;
        this.drain = drain;
    }

    /**
     * Builds and starts node {@code nodeId} of region {@code regionName}, keeping its Raft log
     * and snapshots under {@code dataDirectory}.
     */
    public static GatewayNode start(FederationConfig config, RegionName regionName, NodeId nodeId, Path dataDirectory)
            throws Exception {
        return start(config, regionName, nodeId, dataDirectory, NodeOptions.DEFAULTS);
    }

    /** As above, with the node's own {@code options} (access log, admin token, drain timeout). */
    public static GatewayNode start(FederationConfig config, RegionName regionName, NodeId nodeId, Path dataDirectory,
            NodeOptions options) throws Exception {
        return start(config, regionName, nodeId, dataDirectory, options, TlsFilesWatcher.Settings.defaults());
    }

    /**
     * As above, watching the node's certificate chain, key and trust bundle files as {@code
     * tlsFiles} says (how often they are read, how long before expiry to warn).
     */
    public static GatewayNode start(FederationConfig config, RegionName regionName, NodeId nodeId, Path dataDirectory,
            NodeOptions options, TlsFilesWatcher.Settings tlsFiles) throws Exception {
        RegionConfig region = config.region(regionName)
                .orElseThrow(() -> new IllegalArgumentException("no region '" + regionName + "' in federation '" + config.name() + "'"));
        NodeConfig node = region.node(nodeId)
                .orElseThrow(() -> new IllegalArgumentException("no node '" + nodeId + "' in region '" + regionName + "'"));
        String name = region.name() + "-" + node.id();
        // Checked before anything starts: an admin listener open beyond this machine takes mutations only with a token.
        Optional<AdminToken> adminToken = options.adminToken().map(AdminToken::new);
        AdminTokenCheck.requireTokenOffLoopback(region.name() + "/" + node.id(), node.adminHost(), adminToken.isPresent());
        // Closed in reverse order of starting, also when a later part fails to start.
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            // Rotated certificates and trust bundles are picked up from these files without a restart.
            TlsFilesWatcher certificates = TlsFilesWatcher.load(name, node.tls(), tlsFiles, Clock.systemUTC());
            parts.add(certificates);
            TlsMaterial identity = certificates.current();
            NodeTls tls = new NodeTls(config, region.name(), identity);
            parts.add(tls);
            UpstreamTransports transports = new UpstreamTransports(name, UpstreamTransports.Timeouts.defaults(), tls);
            parts.add(transports);

            // Until the region's state is applied, the node routes by its own config file (version 0).
            SnapshotPublisher snapshots = new SnapshotPublisher(new RoutingSnapshotBuilder(config).build(region.name(), 0));
            SnapshotAssembler assembler = new SnapshotAssembler(region.name(), snapshots, config.certificateDirectory());
            parts.add(assembler);
            RegionStateStore store = RegionStateStore.start(RaftSettings.forRegion(region, node.id(), dataDirectory));
            parts.add(store);
            store.subscribe(assembler::offer);
            assembler.offer(store.current());

            // Active checks run on the leader only and write health transitions through Raft.
            HttpProbe httpProbe = new HttpProbe(tls);
            parts.add(httpProbe);
            HealthChecker checker = new HealthChecker(CheckedRegion.of(store), httpProbe, new TcpProbe());
            checker.start();
            parts.add(checker);

            FederationTuning tuning = region.federation();
            // Every node answers on the federation endpoint; the region's leader holds the streams.
            Peering peering = new Peering(PeeringRegion.of(store), snapshots, tls.peering(), node.federationAddress(),
                    PeeringSettings.of(tuning.heartbeatInterval(), tuning.staleAfter()));
            peering.start();
            parts.add(peering);

            // One registry per node, never a global one: GET /metrics of the admin listener shows it.
            NodeMetrics metrics = NodeMetrics.start(snapshots, store, peering::status, transports, () -> certificates.current().leaf());
            parts.add(metrics);

            // Failovers, failbacks, ejections, region verdicts, leader changes and config applies: a log line and a count each.
            EventLog events = new EventLog(metrics.registry());
            snapshots.subscribe(new RoutingEvents(events));
            transports.onEjection((target, kind, period, cause) -> events.record(new Event.Ejection(target, kind, period, cause)));
            parts.add(RaftEvents.watch(region.name(), store, events, RAFT_EVENTS_INTERVAL));
            RegionVerdicts verdicts = new RegionVerdicts(remoteGatewaysByRegion(config, region.name()), events);

            // Other regions' gateways are pinged continuously, so a dark region leaves routing without traffic.
            PeerProber prober = new PeerProber(transports, remoteGateways(config, region.name()),
                    new PeerProber.Settings(tuning.probeInterval(), tuning.probeTimeout(), tuning.probeThreshold()),
                    unreachable -> {
                        assembler.offerUnreachable(unreachable);
                        verdicts.accept(unreachable);
                    },
                    // A region whose link a fault cuts is not pinged: its gateways count as unreachable.
                    peer -> snapshots.current().partitionFrom(peer, System.currentTimeMillis()).isPresent());
            prober.start();
            parts.add(prober);

            // Calls come back to recovering targets as soon as the region says they are back, and gradually.
            FailbackRamp ramp = new FailbackRamp(tuning.failbackRamp());
            snapshots.subscribe(ramp::observe);
            snapshots.subscribe(new Readmission(transports)::observe);

            ConfigBootstrap bootstrap = new ConfigBootstrap(store, config.source());
            // POST /v1/drain and SIGTERM take the node out of service without failing calls.
            Drain drain = new Drain(name, options.drainTimeout(), Clock.systemUTC());
            Readiness readiness = new Readiness(store, snapshots, drain::begun);
            // Told of every finished call: metrics and the access log add themselves here.
            List<CallObserver> callObservers = new ArrayList<>();
            // Closed after the listeners (parts close in reverse), so the last calls' lines are written.
            Optional<AccessLog> accessLog = AccessLog.start(name, options.accessLog());
            accessLog.ifPresent(log -> {
                parts.add(log);
                callObservers.add(log);
                FunctionCounter.builder("strait.access.log.dropped", log, AccessLog::dropped)
                        .description("Access log lines dropped because the queue was full or the log could not be written")
                        .register(metrics.registry());
            });
            callObservers.add(metrics.calls());
            Pipeline pipeline = new Pipeline(List.of(
                    new Tracing(),
                    new CallerIdentification(region.localListener()),
                    new RouteSelection(ramp),
                    new Authorization(),
                    new TrafficRouting(),
                    new RateLimiting(new RateLimiter(System::nanoTime, RATE_LIMIT_BUCKETS)),
                    new FaultInjection(),
                    new Forwarding(transports, Forwarding.Settings.defaults(), remoteGatewaysByRegion(config, region.name()))));
            GatewayServer server = new GatewayServer(name,
                    GatewayServer.Settings.of(node.localAddress(), node.peerAddress(), node.adminAddress())
                            .withAdditionalLocal(node.localAddresses().subList(1, node.localAddresses().size())),
                    snapshots, pipeline, CallObserver.all(callObservers), tls.localListener(region.localListener()), tls.peerListener(),
                    AdminTokenCheck.protect(new NodeAdminApi(config.name(), store, snapshots, peering::status,
                            config.source().toAbsolutePath().getParent(), readiness::ready,
                            () -> certificates.current().leaf().getNotAfter().toInstant(), metrics::scrape, drain),
                            adminToken));
            // Each accepted connection is one TLS handshake: in steady state this stays still while calls go on.
            FunctionCounter.builder("strait.peer.connections.accepted", server, GatewayServer::peerConnectionsAccepted)
                    .description("Connections (each one TLS handshake) the peer listener accepted from other regions' gateways")
                    .register(metrics.registry());
            Duration warmUp = region.localListener().warmUp();
            if (warmUp.isZero()) {
                server.start();
                parts.add(server);
                readiness.listenersUp();
            } else {
                server.startHoldingLocal();
                parts.add(server);
                // The local listener opens once the node can route every service of the federation, or at the deadline.
                parts.add(LocalWarmUp.start(name, warmUp, () -> readiness.routing() && federated(store, snapshots), () -> {
                    server.openLocal();
                    readiness.listenersUp();
                }));
            }
            bootstrap.start();
            parts.add(bootstrap);
            certificates.start(tls::reload);
            GatewayNode started = new GatewayNode(region, node, store, server, snapshots, parts, drain);
            drain.attach(started.new DrainSteps());
            return started;
        } catch (Exception e) {
            closeAll(parts);
            throw e;
        }
    }

    private static Map<RegionName, List<HostPort>> remoteGatewaysByRegion(FederationConfig config, RegionName home) {
        return config.regions().stream()
                .filter(region -> !region.name().equals(home))
                .collect(Collectors.toMap(RegionConfig::name, region -> region.nodes().stream().map(NodeConfig::peerAddress).toList()));
    }

    private static List<PeerProber.Target> remoteGateways(FederationConfig config, RegionName home) {
        return config.regions().stream()
                .filter(region -> !region.name().equals(home))
                .flatMap(region -> region.nodes().stream().map(node -> new PeerProber.Target(region.name(), node.peerAddress())))
                .toList();
    }

    public RegionConfig region() {
        return region;
    }

    public NodeConfig config() {
        return node;
    }

    /** The node's view of its region's Raft group and replicated state. */
    public RegionStateStore store() {
        return store;
    }

    /** The local listener's main port; while it is held closed to warm up, the port it will open on. */
    public int localPort() {
        return server.localOpen() ? server.localPort() : node.ports().local();
    }

    /** Whether the local listener is open (with {@code localListener.warmUp}, it opens once the node is warm). */
    public boolean localListenerOpen() {
        return server.localOpen();
    }

    public int peerPort() {
        return server.peerPort();
    }

    public int adminPort() {
        return server.adminPort();
    }

    /**
     * Whether the node's region holds a fresh import from every other region of the federation,
     * so that cross-region calls can be routed (before that, other regions' services are unknown).
     */
    public boolean federated() {
        return federated(store, snapshots);
    }

    private static boolean federated(RegionStateStore store, SnapshotPublisher snapshots) {
        var imports = store.current().imports();
        return snapshots.current().peerFederation().keySet().stream()
                .allMatch(peer -> imports.containsKey(peer) && !imports.get(peer).stale());
    }

    /** Calls received from peer gateways since start. */
    public long peerCallsReceived() {
        return server.peerCallsReceived();
    }

    /** Connections accepted from peer gateways since start; pooled HTTP/2 keeps this small. */
    public long peerConnectionsAccepted() {
        return server.peerConnectionsAccepted();
    }

    /** Calls in flight on the local and peer listeners right now (what a drain waits for). */
    public int callsInFlight() {
        return server.callsInFlight();
    }

    /**
     * Begins draining the node, unless it already began: it answers {@code /readyz} with 503,
     * refuses new connections, sends GOAWAY on open ones, lets calls in flight finish until the
     * deadline this answers, then closes. Returns at once.
     */
    public DrainStatus drain() {
        return drain.begin();
    }

    /** Where the node is in its drain. */
    public DrainStatus drainStatus() {
        return drain.status();
    }

    /** Waits until the node has closed, after a drain or a direct {@link #close()}, at most {@code within}; true when it has. */
    public boolean awaitClosed(Duration within) throws InterruptedException {
        return drain.awaitClosed(within);
    }

    @Override
    public void close() throws Exception {
        if (closed.compareAndSet(false, true)) {
            try {
                closeAll(parts);
            } finally {
                drain.closed();
            }
        }
    }

    /** What a drain does to this node. */
    private final class DrainSteps implements Drain.Steps {
        @Override
        public void stopTakingCalls() {
            server.stopTakingCalls();
        }

        @Override
        public boolean awaitCallsFinished(Duration within) throws InterruptedException {
            return server.awaitCallsFinished(within);
        }

        @Override
        public void close() throws Exception {
            GatewayNode.this.close();
        }
    }

    private static void closeAll(List<AutoCloseable> parts) throws Exception {
        Exception failure = null;
        for (AutoCloseable part : parts.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
