package dev.strait.it.support;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running two-region federation on loopback with real certificates: region {@code east} and
 * region {@code west}, one gateway node each, and echo backends. West serves {@code payments}
 * (HTTP/1.1, plaintext), {@code streams} (HTTP/2 over TLS) and {@code ledger} (gRPC over mTLS),
 * all exported to east; east serves {@code web} (HTTP/1.1) locally. Extra services can be added
 * before {@link #start()}.
 *
 * <p>The test callers are plaintext and anonymous, so every service allows anonymous and every
 * authenticated caller ({@link #OPEN}) unless {@link #withAuthorization} gives it other rules;
 * {@link #withLocalCallers} maps source addresses of a region's local callers to workloads.
 */
public final class TwoRegions implements AutoCloseable {
    public static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    public static final RegionName EAST = RegionName.of("east");
    public static final RegionName WEST = RegionName.of("west");
    public static final NodeId NODE = NodeId.of("gw-1");

    /** The rules every service gets unless a test gives it others: anyone may call it. */
    public static final List<AuthorizationRule> OPEN = List.of(AuthorizationRule.of(Action.ALLOW,
            List.of(CallerPattern.parse("anonymous"), CallerPattern.parse("*"))));

    private final Path directory;
    private final Map<ServiceName, List<AuthorizationRule>> authorization = new HashMap<>();
    private final Map<RegionName, List<LocalCaller>> localCallers = new HashMap<>();
    private final Map<RegionName, LocalListener> localListeners = new HashMap<>();
    private final Iterator<Integer> ports;
    private final List<ServiceConfig> eastServices = new ArrayList<>();
    private final List<ServiceConfig> westServices = new ArrayList<>();
    private final Set<ServiceName> servedElsewhere = new HashSet<>();
    private FederationConfig config;
    private LocalFederation running;
    // Regions whose node was stopped by stopNode and not started again.
    private final Set<RegionName> stopped = new HashSet<>();
    // Nodes started again by restartNode; they take the place of the ones LocalFederation started.
    private final Map<RegionName, GatewayNode> restarted = new LinkedHashMap<>();

    public TwoRegions(Path directory) {
        this.directory = directory;
        this.ports = FreePorts.take(32).iterator();
        eastServices.add(service("web", Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(WEST)));
        westServices.add(service("payments", Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(EAST)));
        westServices.add(service("streams", Protocol.HTTP2, UpstreamTls.TLS, List.of(EAST)));
        westServices.add(service("ledger", Protocol.GRPC, UpstreamTls.MTLS, List.of(EAST)));
    }

    /** Adds a west service whose single endpoint is {@code endpoint} (not started by the fixture). */
    public TwoRegions withWestService(String name, Protocol protocol, HostPort endpoint) {
        return withWestService(name, protocol, UpstreamTls.PLAINTEXT, endpoint);
    }

    /** As above, reached with {@code tls}. */
    public TwoRegions withWestService(String name, Protocol protocol, UpstreamTls tls, HostPort endpoint) {
        servedElsewhere.add(ServiceName.of(name));
        westServices.add(new ServiceConfig(ServiceName.of(name), protocol, tls, List.of(EAST), List.of(),
                List.of(new EndpointConfig(EndpointId.of(name + "-1"), endpoint))));
        return this;
    }

    /**
     * Adds an east service, exported to west, whose single endpoint is {@code endpoint} (not started
     * by the fixture); with {@link #withWestService} under the same name, both regions serve it.
     */
    public TwoRegions withEastService(String name, Protocol protocol, HostPort endpoint) {
        servedElsewhere.add(ServiceName.of(name));
        eastServices.add(new ServiceConfig(ServiceName.of(name), protocol, UpstreamTls.PLAINTEXT, List.of(WEST), List.of(),
                List.of(new EndpointConfig(EndpointId.of(name + "-1"), endpoint))));
        return this;
    }

    /** Gives {@code service} (in whichever region serves it) {@code rules} instead of {@link #OPEN}. */
    public TwoRegions withAuthorization(String service, AuthorizationRule... rules) {
        authorization.put(ServiceName.of(service), List.of(rules));
        return this;
    }

    /** Makes the local listener of {@code region} take callers by source address to be these workloads. */
    public TwoRegions withLocalCallers(RegionName region, LocalCaller... callers) {
        localCallers.put(region, List.of(callers));
        return this;
    }

    /** Sets up the local listener of {@code region} as {@code listener} says (plaintext and anonymous unless given). */
    public TwoRegions withLocalListener(RegionName region, LocalListener listener) {
        localListeners.put(region, listener);
        return this;
    }

    /** Adds a west service with an echo endpoint the fixture starts. */
    public TwoRegions withWestEcho(String name, Protocol protocol, UpstreamTls tls) {
        westServices.add(service(name, protocol, tls, List.of(EAST)));
        return this;
    }

    /**
     * Issues certificates, writes the federation's YAML file and loads it as {@code strait run}
     * would, then starts the echo backends and both gateway nodes, and waits until both are ready.
     */
    public TwoRegions start() throws Exception {
        Path certificates = directory.resolve("certs");
        CertificateLayout layout = new CertificateLayout(certificates);
        Path file = directory.resolve("federation.yaml");
        FederationConfig declared = new FederationConfig("it", TRUST_DOMAIN, "mesh", certificates, List.of(
                region(EAST, WEST, layout, eastServices),
                region(WEST, EAST, layout, westServices)), file);
        new FederationCertificates(Clock.systemUTC()).issue(declared, certificates);
        Files.writeString(file, FederationYaml.render(declared));
        config = new FederationConfigLoader().load(file);
        running = LocalFederation.start(config, directory.resolve("data"), servedElsewhere);
        for (GatewayNode node : running.nodes()) {
            Await.until("node " + node.region().name() + "/" + node.config().id() + " is ready", Duration.ofSeconds(30),
                    () -> Admin.status(node.adminPort(), "/readyz") == 200);
        }
        // A node started before its peers counts them unreachable until its probes reach them,
        // and knows nothing of their services until federation synced.
        for (GatewayNode node : running.nodes()) {
            Await.until("node " + node.region().name() + "/" + node.config().id() + " reaches and imported every other region",
                    Duration.ofSeconds(20), () -> Admin.federated(node.adminPort()));
        }
        return this;
    }

    public FederationConfig config() {
        return config;
    }

    public CertificateLayout certificates() {
        return new CertificateLayout(config.certificateDirectory());
    }

    /** The running node of {@code region}: the one started again by {@link #restartNode}, if any. */
    public GatewayNode node(RegionName region) {
        if (stopped.contains(region)) {
            throw new IllegalStateException("the node of region " + region + " is stopped");
        }
        GatewayNode again = restarted.get(region);
        if (again != null) {
            return again;
        }
        return running.nodes().stream().filter(n -> n.region().name().equals(region)).findFirst().orElseThrow();
    }

    /**
     * Closes {@code region}'s gateway node (listeners, prober, Raft server); its data directory
     * stays for {@link #restartNode}. The region's echo backends keep running.
     */
    public void stopNode(RegionName region) throws Exception {
        GatewayNode node = node(region);
        stopped.add(region);
        restarted.remove(region);
        node.close();
    }

    /**
     * Starts {@code region}'s node again from the data directory {@link LocalFederation} gave it
     * ({@code directory/data/REGION/NODE}) and waits until it answers {@code /readyz} with 200.
     */
    public void restartNode(RegionName region) throws Exception {
        if (!stopped.contains(region)) {
            throw new IllegalStateException("the node of region " + region + " is not stopped");
        }
        GatewayNode node = GatewayNode.start(config, region, NODE, directory.resolve("data").resolve(region.value()).resolve(NODE.value()));
        stopped.remove(region);
        restarted.put(region, node);
        Await.until("restarted node " + region.value() + "/" + NODE.value() + " is ready", Duration.ofSeconds(30),
                () -> Admin.status(node.adminPort(), "/readyz") == 200);
        Await.until("restarted node " + region.value() + "/" + NODE.value() + " reaches and imported every other region",
                Duration.ofSeconds(20), () -> Admin.federated(node.adminPort()));
    }

    /** The local listener of {@code region}'s gateway, as {@code http://127.0.0.1:PORT}. */
    public String localUrl(RegionName region) {
        return "http://127.0.0.1:" + node(region).localPort();
    }

    private RegionConfig region(RegionName name, RegionName failover, CertificateLayout layout, List<ServiceConfig> services) {
        NodeConfig node = new NodeConfig(NODE, "127.0.0.1", "127.0.0.1",
                new ListenerPorts(ports.next(), ports.next(), ports.next(), ports.next(), ports.next()), layout.node(name, NODE));
        List<ServiceConfig> authorized = services.stream().map(service -> new ServiceConfig(service.name(),
                service.protocol(), service.upstreamTls(), service.exportTo(), service.failover(), service.endpoints(),
                service.healthCheck(), authorization.getOrDefault(service.name(), OPEN))).toList();
        return new RegionConfig(name, List.of(failover), List.of(node), authorized, RaftTuning.DEFAULTS,
                FederationTuning.DEFAULTS, localCallers.getOrDefault(name, List.of()),
                localListeners.getOrDefault(name, LocalListener.PLAINTEXT));
    }

    private ServiceConfig service(String name, Protocol protocol, UpstreamTls tls, List<RegionName> exportTo) {
        return new ServiceConfig(ServiceName.of(name), protocol, tls, exportTo, List.of(),
                List.of(new EndpointConfig(EndpointId.of(name + "-a"), new HostPort("127.0.0.1", ports.next()))));
    }

    @Override
    public void close() {
        for (GatewayNode node : restarted.values()) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("strait: error stopping restarted node " + node.region().name() + "/" + node.config().id() + ": " + e.getMessage());
            }
        }
        restarted.clear();
        // Also closes, once more, the nodes stopped or replaced above; a second close only reports errors.
        if (running != null) {
            running.close();
        }
    }
}
