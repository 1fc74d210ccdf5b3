package dev.strait.gateway.node;

import dev.strait.federation.snapshot.RoutingSnapshotBuilder;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.admin.NodeAdminApi;
import dev.strait.gateway.identity.CallerIdentification;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.routing.RouteSelection;
import dev.strait.gateway.server.GatewayServer;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.upstream.Forwarding;
import dev.strait.gateway.upstream.UpstreamTransports;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running gateway node: its routing snapshot, its pipeline and its listeners, assembled
 * from the federation config. {@code strait run}, {@code strait demo} and the integration tests
 * all start nodes through this class.
 */
public final class GatewayNode implements AutoCloseable {
    private final RegionConfig region;
    private final NodeConfig node;
    private final NodeTls tls;
    private final UpstreamTransports transports;
    private final GatewayServer server;
    private final AtomicBoolean ready;

    private GatewayNode(RegionConfig region, NodeConfig node, NodeTls tls, UpstreamTransports transports, GatewayServer server,
            AtomicBoolean ready) {
        this.ready = ready;
        this.region = region;
        this.node = node;
        this.tls = tls;
        this.transports = transports;
        this.server = server;
    }

    /** Builds and starts node {@code nodeId} of region {@code regionName}. */
    public static GatewayNode start(FederationConfig config, RegionName regionName, NodeId nodeId) throws Exception {
        RegionConfig region = config.region(regionName)
                .orElseThrow(() -> new IllegalArgumentException("no region '" + regionName + "' in federation '" + config.name() + "'"));
        NodeConfig node = region.node(nodeId)
                .orElseThrow(() -> new IllegalArgumentException("no node '" + nodeId + "' in region '" + regionName + "'"));
        String name = region.name() + "-" + node.id();

        TlsMaterial identity = TlsMaterial.load(node.tls());
        SnapshotPublisher snapshots = new SnapshotPublisher(new RoutingSnapshotBuilder(config).build(region.name(), 1));
        NodeTls tls = new NodeTls(config, region.name(), identity);
        UpstreamTransports transports = new UpstreamTransports(name, UpstreamTransports.Timeouts.defaults(), tls);

        Pipeline pipeline = new Pipeline(List.of(
                new CallerIdentification(),
                new RouteSelection(),
                new Forwarding(transports)));
        AtomicBoolean ready = new AtomicBoolean();
        GatewayServer server = new GatewayServer(name,
                GatewayServer.Settings.of(node.localAddress(), node.peerAddress(), node.adminAddress()),
                snapshots, pipeline, tls.peerListener(), new NodeAdminApi(config.name(), node.id(), snapshots, ready::get));
        GatewayNode started = new GatewayNode(region, node, tls, transports, server, ready);
        try {
            server.start();
        } catch (Exception e) {
            started.close();
            throw e;
        }
        ready.set(true);
        return started;
    }

    public RegionConfig region() {
        return region;
    }

    public NodeConfig config() {
        return node;
    }

    public int localPort() {
        return server.localPort();
    }

    public int peerPort() {
        return server.peerPort();
    }

    public int adminPort() {
        return server.adminPort();
    }

    /** Connections accepted from peer gateways since start; pooled HTTP/2 keeps this small. */
    public long peerConnectionsAccepted() {
        return server.peerConnectionsAccepted();
    }

    @Override
    public void close() throws Exception {
        ready.set(false);
        try {
            server.close();
        } finally {
            try {
                transports.close();
            } finally {
                tls.close();
            }
        }
    }
}
