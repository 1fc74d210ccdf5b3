package dev.strait.it.support;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import tools.jackson.databind.JsonNode;

/**
 * A running three-region federation on loopback with real certificates, built from YAML the way
 * an operator writes it: regions {@code a}, {@code b} and {@code c} (failover order a → b → c,
 * b → a → c, c → a → b), by default one gateway node each ({@code n1}, {@code n2}, ...).
 * Services are declared per region; each gets one HTTP/1.1 echo endpoint the fixture starts, and
 * can stop and start again on the same port, and is exported to the other two regions unless
 * the service's extra YAML says otherwise.
 */
public final class ThreeRegions implements AutoCloseable {
    public static final RegionName A = RegionName.of("a");
    public static final RegionName B = RegionName.of("b");
    public static final RegionName C = RegionName.of("c");
    public static final List<RegionName> REGIONS = List.of(A, B, C);

    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

    private final Path directory;
    private final Map<RegionName, Integer> nodeCounts = new LinkedHashMap<>();
    private final Map<RegionName, String> regionExtras = new LinkedHashMap<>();
    // Per region, per service, the extra YAML keys of the service (flow style, may be empty).
    private final Map<RegionName, Map<String, String>> services = new LinkedHashMap<>();
    private final Map<String, List<Integer>> nodePorts = new LinkedHashMap<>();
    private final Map<String, Integer> echoPorts = new LinkedHashMap<>();
    private final Map<String, EchoServer> echoes = new LinkedHashMap<>();
    private final Map<String, GatewayNode> running = new LinkedHashMap<>();
    private FederationConfig config;

    public ThreeRegions(Path directory) {
        this.directory = directory;
        REGIONS.forEach(region -> {
            nodeCounts.put(region, 1);
            regionExtras.put(region, "");
            services.put(region, new LinkedHashMap<>());
        });
    }

    /** Gives {@code region} {@code count} gateway nodes, {@code n1..nCOUNT}, in one Raft group. */
    public ThreeRegions nodes(RegionName region, int count) {
        nodeCounts.put(region, count);
        return this;
    }

    /** Extra YAML lines for {@code region}'s block, indented by four spaces, e.g. {@code "    federation: { staleAfter: 1s }"}. */
    public ThreeRegions regionYaml(RegionName region, String lines) {
        regionExtras.put(region, lines);
        return this;
    }

    /**
     * Declares {@code service} in {@code region} with one echo endpoint ({@code SERVICE-REGION}),
     * exported to the other regions; {@code extras} are more keys of the service in YAML flow
     * style, e.g. {@code "healthCheck: { http: { path: /healthz }, interval: 100ms }"} or
     * {@code "exportTo: [a]"} to replace the export list. Unless {@code extras} has its own
     * {@code authorization:}, the service allows anonymous and every authenticated caller.
     */
    public ThreeRegions service(RegionName region, String service, String extras) {
        services.get(region).put(service, extras);
        return this;
    }

    public ThreeRegions service(RegionName region, String service) {
        return service(region, service, "");
    }

    /** Writes the YAML, issues certificates, starts every echo and node, and waits until every node is ready and federated. */
    public ThreeRegions start() throws Exception {
        return start("reaches and imported every other region", Admin::federated);
    }

    /**
     * As {@link #start()}, but waits only until every node reaches every other region's gateways
     * and its region imported from every other region once, fresh or stale: for federations in
     * which a region is silent on purpose, so that its export turns stale soon after it arrives.
     */
    public ThreeRegions startWithSilentRegions() throws Exception {
        return start("reaches and imported every other region once", ThreeRegions::importedOnce);
    }

    private ThreeRegions start(String federated, IntPredicate isFederated) throws Exception {
        int nodes = nodeCounts.values().stream().mapToInt(Integer::intValue).sum();
        int endpoints = services.values().stream().mapToInt(Map::size).sum();
        Iterator<Integer> free = FreePorts.take(5 * nodes + endpoints).iterator();
        for (RegionName region : REGIONS) {
            for (NodeId node : nodeIds(region)) {
                nodePorts.put(key(region, node.value()), List.of(free.next(), free.next(), free.next(), free.next(), free.next()));
            }
            for (String service : services.get(region).keySet()) {
                echoPorts.put(key(region, service), free.next());
            }
        }
        Path certificates = directory.resolve("certs");
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, yaml(certificates));
        FederationConfig declared = new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks());
        new FederationCertificates(Clock.systemUTC()).issue(declared, certificates);
        config = new FederationConfigLoader().load(file, LoadOptions.defaults());
        try {
            for (RegionName region : REGIONS) {
                for (String service : services.get(region).keySet()) {
                    startEcho(region, service);
                }
            }
            for (RegionName region : REGIONS) {
                for (NodeId node : nodeIds(region)) {
                    launch(region, node);
                }
            }
            for (Map.Entry<String, GatewayNode> node : running.entrySet()) {
                int admin = node.getValue().adminPort();
                Await.until("node " + node.getKey() + " is ready", READY_DEADLINE, () -> Admin.status(admin, "/readyz") == 200);
            }
            for (Map.Entry<String, GatewayNode> node : running.entrySet()) {
                int admin = node.getValue().adminPort();
                Await.until("node " + node.getKey() + " " + federated, READY_DEADLINE, () -> isFederated.test(admin));
            }
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
        return this;
    }

    public FederationConfig config() {
        return config;
    }

    /** The node ids of {@code region}, in config order. */
    public List<NodeId> nodeIds(RegionName region) {
        List<NodeId> ids = new ArrayList<>();
        for (int i = 1; i <= nodeCounts.get(region); i++) {
            ids.add(NodeId.of("n" + i));
        }
        return ids;
    }

    /** A running node of {@code region}. */
    public GatewayNode node(RegionName region, NodeId node) {
        GatewayNode gateway = running.get(key(region, node.value()));
        if (gateway == null) {
            throw new IllegalStateException("node " + key(region, node.value()) + " is not running");
        }
        return gateway;
    }

    /** The first running node of {@code region}. */
    public GatewayNode node(RegionName region) {
        return runningNodes(region).getFirst();
    }

    public List<GatewayNode> runningNodes(RegionName region) {
        return running.values().stream().filter(n -> n.region().name().equals(region)).toList();
    }

    /** The local listener of {@code region}'s first running node, as {@code http://127.0.0.1:PORT}. */
    public String localUrl(RegionName region) {
        return "http://127.0.0.1:" + node(region).localPort();
    }

    /** Closes a gateway node; its data directory stays for {@link #restartNode}. */
    public void stopNode(RegionName region, NodeId node) throws Exception {
        GatewayNode gateway = running.remove(key(region, node.value()));
        if (gateway == null) {
            throw new IllegalStateException("node " + key(region, node.value()) + " is not running");
        }
        gateway.close();
    }

    /** Starts a stopped node again from its data directory and waits until it is ready. */
    public void restartNode(RegionName region, NodeId node) throws Exception {
        GatewayNode gateway = launch(region, node);
        Await.until("node " + key(region, node.value()) + " is ready again", READY_DEADLINE,
                () -> Admin.status(gateway.adminPort(), "/readyz") == 200);
    }

    /** The running node of {@code region} that holds its federation streams (its Raft leader), once one does. */
    public GatewayNode awaitStreamHolder(RegionName region, Duration deadline) {
        GatewayNode[] found = new GatewayNode[1];
        Await.until("a node of region " + region + " holds its federation streams", deadline, () -> {
            Optional<GatewayNode> holder = runningNodes(region).stream()
                    .filter(n -> status(n).map(s -> s.path("federation").path("holdsStreams").asBoolean(false)).orElse(false))
                    .findFirst();
            holder.ifPresent(n -> found[0] = n);
            return holder.isPresent();
        });
        return found[0];
    }

    /** {@code GET /v1/status} of {@code node}, or empty when it does not answer. */
    public static Optional<JsonNode> status(GatewayNode node) {
        try {
            return Optional.of(Admin.json(node.adminPort(), "/v1/status"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops the echo endpoint of {@code service} in {@code region}: its port refuses connections. */
    public void stopEcho(RegionName region, String service) {
        EchoServer echo = echoes.remove(key(region, service));
        if (echo != null) {
            echo.close();
        }
    }

    /** Starts the echo endpoint of {@code service} in {@code region} again, on its port. */
    public void startEcho(RegionName region, String service) {
        String key = key(region, service);
        EchoOptions options = EchoOptions.loopback(ServiceName.of(service), region, EndpointId.of(service + "-" + region.value()))
                .withPort(echoPorts.get(key));
        echoes.put(key, EchoServer.start(options));
    }

    /** The port of the echo endpoint of {@code service} in {@code region}. */
    public int echoPort(RegionName region, String service) {
        return echoPorts.get(key(region, service));
    }

    private GatewayNode launch(RegionName region, NodeId node) throws Exception {
        GatewayNode gateway = GatewayNode.start(config, region, node,
                directory.resolve("data").resolve(region.value()).resolve(node.value()));
        running.put(key(region, node.value()), gateway);
        return gateway;
    }

    private String yaml(Path certificates) {
        StringBuilder yaml = new StringBuilder()
                .append("federation: it\n")
                .append("trustDomain: strait.test\n")
                .append("certificates: \"").append(certificates).append("\"\n")
                .append("regions:\n");
        for (RegionName region : REGIONS) {
            List<RegionName> others = REGIONS.stream().filter(r -> !r.equals(region)).toList();
            yaml.append("  ").append(region).append(":\n")
                    .append("    failover: [").append(others.get(0)).append(", ").append(others.get(1)).append("]\n");
            if (!regionExtras.get(region).isEmpty()) {
                yaml.append(regionExtras.get(region)).append('\n');
            }
            yaml.append("    nodes:\n");
            for (NodeId node : nodeIds(region)) {
                List<Integer> ports = nodePorts.get(key(region, node.value()));
                yaml.append("      ").append(node).append(":\n")
                        .append("        host: 127.0.0.1\n")
                        .append("        ports: { local: ").append(ports.get(0)).append(", peer: ").append(ports.get(1))
                        .append(", admin: ").append(ports.get(2)).append(", raft: ").append(ports.get(3))
                        .append(", federation: ").append(ports.get(4)).append(" }\n");
            }
            if (!services.get(region).isEmpty()) {
                yaml.append("    services:\n");
            }
            services.get(region).forEach((service, extras) -> {
                yaml.append("      ").append(service).append(": { protocol: http1");
                if (!extras.contains("exportTo:")) {
                    yaml.append(", exportTo: [").append(others.get(0)).append(", ").append(others.get(1)).append("]");
                }
                if (!extras.contains("authorization:")) {
                    // The test callers are plaintext and anonymous: without a rule granting them, every call is denied.
                    yaml.append(", authorization: [ { action: allow, from: [anonymous, \"*\"] } ]");
                }
                if (!extras.isEmpty()) {
                    yaml.append(", ").append(extras);
                }
                yaml.append(", endpoints: [ { id: ").append(service).append('-').append(region)
                        .append(", address: \"127.0.0.1:").append(echoPorts.get(key(region, service))).append("\" } ] }\n");
            });
        }
        return yaml.toString();
    }

    /** Whether the node reaches every other region's gateways and its region imported from each once, fresh or stale. */
    private static boolean importedOnce(int adminPort) {
        try {
            JsonNode status = Admin.json(adminPort, "/v1/status");
            if (!status.path("unreachableGateways").isEmpty()) {
                return false;
            }
            for (JsonNode peer : status.path("federation").path("peers")) {
                if (peer.path("importedVersion").asLong() == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String key(RegionName region, String name) {
        return region.value() + "/" + name;
    }

    @Override
    public void close() {
        for (GatewayNode node : running.values()) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("strait: error stopping node " + node.region().name() + "/" + node.config().id() + ": " + e.getMessage());
            }
        }
        running.clear();
        echoes.values().forEach(EchoServer::close);
        echoes.clear();
    }
}
