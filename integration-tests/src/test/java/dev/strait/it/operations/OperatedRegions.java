package dev.strait.it.operations;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.gateway.tls.TlsFilesWatcher;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two regions started from YAML the way an operator writes it: {@code east} with one gateway
 * node and {@code west} with {@code westNodes} ({@code n1}, {@code n2}, ...) in one Raft group.
 * West serves {@code payments} (HTTP/1.1, one echo endpoint the fixture starts) and {@code held}
 * (HTTP/1.1, one endpoint at {@link #heldPort()} that a test starts itself), both exported to
 * east and open to anyone; east serves nothing, so east's callers reach them only across
 * regions. Nodes read their TLS files every {@link #TLS_POLL} and drain within the given timeout.
 */
final class OperatedRegions implements AutoCloseable {
    static final RegionName EAST = RegionName.of("east");
    static final RegionName WEST = RegionName.of("west");
    static final String PAYMENTS = "payments.mesh";
    static final String HELD = "held.mesh";
    static final Duration TLS_POLL = Duration.ofMillis(100);

    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

    private final Path directory;
    private final Map<String, GatewayNode> nodes = new LinkedHashMap<>();
    private final List<EchoServer> echoes = new ArrayList<>();
    private FederationConfig config;
    private int heldPort;

    private OperatedRegions(Path directory) {
        this.directory = directory;
    }

    /** Issues certificates, starts the echo and every node, and waits until each is ready and federated. */
    static OperatedRegions start(Path directory, int westNodes, Duration drainTimeout) throws Exception {
        OperatedRegions regions = new OperatedRegions(directory);
        try {
            regions.launch(westNodes, drainTimeout);
            return regions;
        } catch (Exception | AssertionError e) {
            regions.close();
            throw e;
        }
    }

    private void launch(int westNodes, Duration drainTimeout) throws Exception {
        Iterator<Integer> ports = FreePorts.take(5 * (1 + westNodes) + 2).iterator();
        int echoPort = ports.next();
        heldPort = ports.next();
        StringBuilder yaml = new StringBuilder()
                .append("federation: operations\n")
                .append("trustDomain: strait.test\n")
                .append("certificates: certs\n")
                .append("regions:\n")
                .append("  east:\n")
                .append("    failover: [west]\n")
                .append("    nodes:\n");
        node(yaml, "n1", ports);
        yaml.append("  west:\n")
                .append("    failover: [east]\n")
                .append("    nodes:\n");
        for (int i = 1; i <= westNodes; i++) {
            node(yaml, "n" + i, ports);
        }
        yaml.append("    services:\n")
                .append("      payments: { protocol: http1, exportTo: [east], authorization: [ { action: allow, from: [anonymous, \"*\"] } ],")
                .append(" endpoints: [ { id: payments-west, address: \"127.0.0.1:").append(echoPort).append("\" } ] }\n")
                .append("      held: { protocol: http1, exportTo: [east], authorization: [ { action: allow, from: [anonymous, \"*\"] } ],")
                .append(" endpoints: [ { id: held-west, address: \"127.0.0.1:").append(heldPort).append("\" } ] }\n");
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, yaml);
        new FederationCertificates(Clock.systemUTC()).issue(new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks()),
                directory.resolve("certs"));
        config = new FederationConfigLoader().load(file, LoadOptions.defaults());

        echoes.add(EchoServer.start(EchoOptions.loopback(ServiceName.of("payments"), WEST, EndpointId.of("payments-west"))
                .withPort(echoPort)));
        NodeOptions options = NodeOptions.DEFAULTS.withDrainTimeout(drainTimeout);
        TlsFilesWatcher.Settings tlsFiles = TlsFilesWatcher.Settings.defaults().withInterval(TLS_POLL);
        for (RegionName region : List.of(EAST, WEST)) {
            for (var node : config.region(region).orElseThrow().nodes()) {
                Path data = Files.createDirectories(directory.resolve("data").resolve(region.value()).resolve(node.id().value()));
                nodes.put(key(region, node.id().value()), GatewayNode.start(config, region, node.id(), data, options, tlsFiles));
            }
        }
        for (Map.Entry<String, GatewayNode> node : nodes.entrySet()) {
            int admin = node.getValue().adminPort();
            Await.until("node " + node.getKey() + " is ready", READY_DEADLINE, () -> Admin.status(admin, "/readyz") == 200);
        }
        for (Map.Entry<String, GatewayNode> node : nodes.entrySet()) {
            int admin = node.getValue().adminPort();
            Await.until("node " + node.getKey() + " reaches and imported every other region", READY_DEADLINE,
                    () -> Admin.federated(admin));
        }
    }

    private static void node(StringBuilder yaml, String id, Iterator<Integer> ports) {
        yaml.append("      ").append(id).append(":\n")
                .append("        host: 127.0.0.1\n")
                .append("        ports: { local: ").append(ports.next()).append(", peer: ").append(ports.next())
                .append(", admin: ").append(ports.next()).append(", raft: ").append(ports.next())
                .append(", federation: ").append(ports.next()).append(" }\n");
    }

    /** The port of west's {@code held} endpoint, which nothing listens on until a test starts it. */
    int heldPort() {
        return heldPort;
    }

    FederationConfig config() {
        return config;
    }

    CertificateLayout certificates() {
        return new CertificateLayout(config.certificateDirectory());
    }

    GatewayNode node(RegionName region, String id) {
        GatewayNode node = nodes.get(key(region, id));
        if (node == null) {
            throw new IllegalArgumentException("no node " + key(region, id));
        }
        return node;
    }

    /** Every node, east first. */
    List<GatewayNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** East's local listener, as {@code http://127.0.0.1:PORT}. */
    String eastUrl() {
        return "http://127.0.0.1:" + node(EAST, "n1").localPort();
    }

    static NodeId id(GatewayNode node) {
        return node.config().id();
    }

    private static String key(RegionName region, String node) {
        return region.value() + "/" + node;
    }

    @Override
    public void close() {
        // A node already drained and closed is closed once more, which does nothing.
        for (GatewayNode node : List.copyOf(nodes.values()).reversed()) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("strait: error stopping node " + node.region().name() + "/" + node.config().id() + ": " + e.getMessage());
            }
        }
        echoes.forEach(EchoServer::close);
    }
}
