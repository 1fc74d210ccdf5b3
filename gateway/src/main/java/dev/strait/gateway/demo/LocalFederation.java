package dev.strait.gateway.demo;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.gateway.tls.TlsFilesWatcher;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A whole federation in one process: an echo backend at every endpoint address of the config
 * (with the service's certificate where its upstream TLS asks for one) and every gateway node.
 */
public final class LocalFederation implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(20);

    private final FederationConfig config;
    // Copy-on-write: drills stop and start nodes and backends while other threads read the lists.
    private final List<EchoServer> backends;
    private final List<GatewayNode> nodes;
    private final Path dataDirectory;
    private final BiFunction<RegionName, NodeId, NodeOptions> nodeOptions;
    private final TlsFilesWatcher.Settings tlsFiles;
    private final List<EchoOptions> stoppedBackends = new CopyOnWriteArrayList<>();

    private LocalFederation(FederationConfig config, List<EchoServer> backends, List<GatewayNode> nodes, Path dataDirectory,
            BiFunction<RegionName, NodeId, NodeOptions> nodeOptions, TlsFilesWatcher.Settings tlsFiles) {
        this.config = config;
        this.backends = backends;
        this.nodes = nodes;
        this.dataDirectory = dataDirectory;
        this.nodeOptions = nodeOptions;
        this.tlsFiles = tlsFiles;
    }

    /**
     * Starts everything, each node keeping its Raft state under {@code dataDirectory/REGION/NODE};
     * on failure, stops what had started and rethrows.
     */
    public static LocalFederation start(FederationConfig config, Path dataDirectory) throws Exception {
        return start(config, dataDirectory, Set.of());
    }

    /** As {@link #start(FederationConfig, Path)}, but starts no echo backend for services in {@code servedElsewhere}. */
    public static LocalFederation start(FederationConfig config, Path dataDirectory, Set<ServiceName> servedElsewhere)
            throws Exception {
        return start(config, dataDirectory, servedElsewhere, (region, node) -> NodeOptions.DEFAULTS);
    }

    /** As {@link #start(FederationConfig, Path, Set)}, each node running with the options {@code nodeOptions} gives it. */
    public static LocalFederation start(FederationConfig config, Path dataDirectory, Set<ServiceName> servedElsewhere,
            BiFunction<RegionName, NodeId, NodeOptions> nodeOptions) throws Exception {
        return start(config, dataDirectory, servedElsewhere, nodeOptions, TlsFilesWatcher.Settings.defaults());
    }

    /** As {@link #start(FederationConfig, Path, Set, BiFunction)}, each node watching its TLS files as {@code tlsFiles} says. */
    public static LocalFederation start(FederationConfig config, Path dataDirectory, Set<ServiceName> servedElsewhere,
            BiFunction<RegionName, NodeId, NodeOptions> nodeOptions, TlsFilesWatcher.Settings tlsFiles) throws Exception {
        List<EchoServer> backends = new CopyOnWriteArrayList<>();
        List<GatewayNode> nodes = new CopyOnWriteArrayList<>();
        LocalFederation federation = new LocalFederation(config, backends, nodes, dataDirectory, nodeOptions, tlsFiles);
        try {
            CertificateLayout layout = new CertificateLayout(config.certificateDirectory());
            for (RegionConfig region : config.regions()) {
                for (ServiceConfig service : region.services()) {
                    if (servedElsewhere.contains(service.name())) {
                        continue;
                    }
                    for (EndpointConfig endpoint : service.endpoints()) {
                        EchoOptions options = new EchoOptions(endpoint.address().host(), endpoint.address().port(),
                                service.name(), region.name(), endpoint.id(), new EchoOptions.Transport.Plaintext());
                        if (service.upstreamTls() != UpstreamTls.PLAINTEXT) {
                            TlsMaterial material = TlsMaterial.load(layout.service(region.name(), service.name()));
                            options = service.upstreamTls() == UpstreamTls.MTLS ? options.withMutualTls(material) : options.withTls(material);
                        }
                        backends.add(EchoServer.start(options));
                    }
                }
            }
            for (RegionConfig region : config.regions()) {
                for (NodeConfig node : region.nodes()) {
                    federation.startNode(region.name(), node.id());
                }
            }
            return federation;
        } catch (Exception e) {
            federation.close();
            throw e;
        }
    }

    /** Waits until every node's region imported every other region's catalog; false when {@code deadline} passed first. */
    public boolean awaitFederated(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!nodes.stream().allMatch(GatewayNode::federated)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(POLL);
        }
        return true;
    }

    public FederationConfig config() {
        return config;
    }

    public List<GatewayNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The running node {@code node} of {@code region}; empty while it is stopped. */
    public Optional<GatewayNode> node(RegionName region, NodeId node) {
        return nodes.stream().filter(n -> n.region().name().equals(region) && n.config().id().equals(node)).findFirst();
    }

    /** Closes node {@code node} of {@code region}, keeping its data directory; nothing happens when it is not running. */
    public void stopNode(RegionName region, NodeId node) throws Exception {
        Optional<GatewayNode> running = node(region, node);
        if (running.isPresent()) {
            nodes.remove(running.get());
            running.get().close();
        }
    }

    /**
     * Starts node {@code node} of {@code region} from its data directory, on the ports of the config;
     * nothing happens when it is running already.
     */
    public void startNode(RegionName region, NodeId node) throws Exception {
        if (node(region, node).isPresent()) {
            return;
        }
        nodes.add(GatewayNode.start(config, region, node, dataDirectory.resolve(region.value()).resolve(node.value()),
                nodeOptions.apply(region, node), tlsFiles));
    }

    /** Stops the echo backends of {@code service} in {@code region}, so its endpoints there stop answering. */
    public void stopBackends(RegionName region, ServiceName service) {
        for (EchoServer backend : backends) {
            if (backend.options().region().equals(region) && backend.options().service().equals(service)) {
                backends.remove(backend);
                stoppedBackends.add(backend.options());
                backend.close();
            }
        }
    }

    /** Starts again, on the same addresses, the echo backends {@link #stopBackends} stopped for {@code service} in {@code region}. */
    public void startBackends(RegionName region, ServiceName service) {
        for (EchoOptions options : stoppedBackends) {
            if (options.region().equals(region) && options.service().equals(service)) {
                stoppedBackends.remove(options);
                backends.add(EchoServer.start(options));
            }
        }
    }

    @Override
    public void close() {
        for (GatewayNode node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("strait: error stopping node " + node.config().id() + ": " + e.getMessage());
            }
        }
        backends.forEach(EchoServer::close);
    }
}
