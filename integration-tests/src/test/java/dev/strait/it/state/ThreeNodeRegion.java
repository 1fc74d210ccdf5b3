package dev.strait.it.state;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Region {@code west} as three gateway nodes ({@code n1}, {@code n2}, {@code n3}) on loopback, one
 * Ratis group, each node with its own data directory so it can be stopped and restarted with its
 * log and raft snapshots intact. The region declares one service, {@code orders} (HTTP/1.1,
 * plaintext), with no endpoints in the config: every endpoint comes from a runtime registration.
 * Raft is tuned for tests: elections in 300–600 ms, a raft snapshot every 50 entries, writes
 * failing after 2 s without a quorum.
 */
final class ThreeNodeRegion implements AutoCloseable {
    static final RegionName WEST = RegionName.of("west");
    static final String SERVICE = "orders";
    static final String AUTHORITY = "orders.mesh";
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    static final List<String> NODES = List.of("n1", "n2", "n3");

    private static final Duration READY_DEADLINE = Duration.ofSeconds(15);

    private final Path directory;
    // Extra keys of the orders service, in YAML flow style (empty for none).
    private final String ordersExtras;
    private final Map<String, List<Integer>> ports = new LinkedHashMap<>();
    // Only the nodes that are running; a stopped node keeps its data directory for a restart.
    private final Map<String, GatewayNode> running = new LinkedHashMap<>();
    private FederationConfig config;

    ThreeNodeRegion(Path directory) {
        this(directory, "");
    }

    /** A region whose {@code orders} service also has {@code ordersExtras}, e.g. {@code healthCheck: {...}}. */
    ThreeNodeRegion(Path directory, String ordersExtras) {
        this.directory = directory;
        this.ordersExtras = ordersExtras.isEmpty() ? "" : ", " + ordersExtras;
        Iterator<Integer> free = FreePorts.take(5 * NODES.size()).iterator();
        for (String node : NODES) {
            ports.put(node, List.of(free.next(), free.next(), free.next(), free.next(), free.next()));
        }
    }

    /** Writes the config, issues certificates, starts the three nodes and waits until each is ready. */
    ThreeNodeRegion start() throws Exception {
        Path certificates = directory.resolve("certs");
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, yaml(certificates));
        FederationConfig declared = new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks());
        new FederationCertificates(Clock.systemUTC()).issue(declared, certificates);
        config = new FederationConfigLoader().load(file, LoadOptions.defaults());
        try {
            for (String node : NODES) {
                launch(node);
            }
            for (String node : NODES) {
                awaitReady(node);
            }
        } catch (Exception | AssertionError e) {
            closeAll(this);
            throw e;
        }
        return this;
    }

    /** Closes {@code node} (its listeners and Raft server); its data directory stays. */
    void stop(String node) throws Exception {
        GatewayNode stopped = running.remove(node);
        if (stopped == null) {
            throw new IllegalStateException("node " + node + " is not running (running: " + running.keySet() + ")");
        }
        stopped.close();
    }

    /** Starts {@code node} again from its data directory, without waiting for it to be ready. */
    void restart(String node) throws Exception {
        if (running.containsKey(node)) {
            throw new IllegalStateException("node " + node + " is already running");
        }
        launch(node);
    }

    void awaitReady(String node) {
        int admin = running(node).adminPort();
        Await.until("node west/" + node + " answers /readyz with 200", READY_DEADLINE, () -> Admin.status(admin, "/readyz") == 200);
    }

    GatewayNode running(String node) {
        GatewayNode gateway = running.get(node);
        if (gateway == null) {
            throw new IllegalStateException("node " + node + " is not running (running: " + running.keySet() + ")");
        }
        return gateway;
    }

    /** The ids of the running nodes, in config order. */
    List<String> runningNodes() {
        return List.copyOf(running.keySet());
    }

    String localUrl(String node) {
        return "http://127.0.0.1:" + running(node).localPort();
    }

    int adminPort(String node) {
        return running(node).adminPort();
    }

    Path dataDirectory(String node) {
        return directory.resolve("data").resolve(node);
    }

    /** {@code GET /v1/status} of {@code node}, or empty when it does not answer. */
    Optional<JsonNode> status(String node) {
        try {
            return Optional.of(Admin.json(adminPort(node), "/v1/status"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The running node that reports itself leader, if one does. */
    Optional<String> leader() {
        return runningNodes().stream()
                .filter(node -> status(node).map(s -> s.path("raft").path("role").asString("").equals("leader")).orElse(false))
                .findFirst();
    }

    /** Waits until a running node reports itself leader and every running node names it, then returns it. */
    String awaitLeader(Duration deadline) {
        String[] found = new String[1];
        Await.until("the running nodes " + runningNodes() + " agree on a leader among them", deadline, () -> {
            Optional<String> leader = leader();
            if (leader.isEmpty()) {
                return false;
            }
            boolean agreed = runningNodes().stream().allMatch(node ->
                    status(node).map(s -> s.path("raft").path("leader").asString("").equals(leader.get())).orElse(false));
            found[0] = leader.get();
            return agreed;
        });
        return found[0];
    }

    /** A running node that reports itself follower of an agreed leader. */
    String awaitFollower(Duration deadline) {
        awaitLeader(deadline);
        String[] found = new String[1];
        Await.until("a running node reports role follower", deadline, () -> {
            Optional<String> follower = runningNodes().stream()
                    .filter(node -> status(node).map(s -> s.path("raft").path("role").asString("").equals("follower")).orElse(false))
                    .findFirst();
            follower.ifPresent(node -> found[0] = node);
            return follower.isPresent();
        });
        return found[0];
    }

    /** {@code PUT /v1/catalog/orders/endpoints/{id}} on {@code node}'s admin API. */
    HttpResponse<String> register(String node, String endpointId, int port) throws IOException {
        return Admin.send(adminPort(node), "PUT", "/v1/catalog/" + SERVICE + "/endpoints/" + endpointId,
                "{\"address\":\"127.0.0.1:" + port + "\"}");
    }

    /** {@code DELETE /v1/catalog/orders/endpoints/{id}} on {@code node}'s admin API. */
    HttpResponse<String> deregister(String node, String endpointId) throws IOException {
        return Admin.send(adminPort(node), "DELETE", "/v1/catalog/" + SERVICE + "/endpoints/" + endpointId, null);
    }

    /** {@code POST /v1/config} on {@code node}'s admin API, as {@code strait apply} sends it. */
    HttpResponse<String> applyConfig(String node, String yaml) throws IOException {
        return Admin.send(adminPort(node), "POST", "/v1/config?name=federation.yaml", yaml);
    }

    /** The YAML the region was started with. */
    String configYaml() throws IOException {
        return Files.readString(directory.resolve("federation.yaml"));
    }

    /** {@code GET /v1/catalog} of {@code node} ({@code ?consistent=true} when asked). */
    JsonNode catalog(String node, boolean consistent) throws IOException {
        return Admin.json(adminPort(node), consistent ? "/v1/catalog?consistent=true" : "/v1/catalog");
    }

    /** The ids of the {@code orders} endpoints in {@code node}'s locally applied catalog; empty when it does not answer. */
    List<String> endpointIds(String node) {
        try {
            return endpointIds(catalog(node, false));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<String> endpointIds(JsonNode catalog) {
        List<String> ids = new ArrayList<>();
        for (JsonNode endpoint : catalog.path("services").path(SERVICE).path("endpoints")) {
            ids.add(endpoint.path("id").asString());
        }
        return ids;
    }

    /**
     * Calls {@code orders.mesh} on {@code node}'s local listener; the answering echo's endpoint id
     * ({@code x-echo-endpoint}) when the answer is a 200, else empty.
     */
    Optional<String> answeringEndpoint(Http http, String node) {
        try {
            HttpResponse<String> response = http.get(localUrl(node), AUTHORITY, "/");
            return response.statusCode() == 200 ? response.headers().firstValue("x-echo-endpoint") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits until a call to {@code orders.mesh} on {@code node} is answered with a 200 by echo {@code endpoint}. */
    void awaitRoutedTo(Http http, String node, String endpoint, Duration deadline) {
        Await.until("node " + node + " routes orders.mesh to echo " + endpoint, deadline,
                () -> answeringEndpoint(http, node).filter(endpoint::equals).isPresent());
    }

    /** Indexes of the raft snapshots in {@code node}'s data directory (Ratis names them {@code snapshot.TERM_INDEX}). */
    List<Long> raftSnapshotIndexes(String node) throws IOException {
        List<Long> indexes = new ArrayList<>();
        Path raft = dataDirectory(node).resolve("raft");
        if (!Files.isDirectory(raft)) {
            return indexes;
        }
        try (Stream<Path> files = Files.walk(raft)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("snapshot.") && !name.endsWith(".md5"))
                    .forEach(name -> indexes.add(Long.parseLong(name.substring(name.lastIndexOf('_') + 1))));
        }
        return indexes;
    }

    /** The first index still in {@code node}'s Raft log, from its segment file names ({@code log_START-END}, {@code log_inprogress_START}). */
    long firstLogIndex(String node) throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory(node).resolve("raft"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("log_"))
                    .mapToLong(name -> {
                        String range = name.startsWith("log_inprogress_") ? name.substring("log_inprogress_".length()) : name.substring(4);
                        return Long.parseLong(range.split("-")[0]);
                    })
                    .min()
                    .orElse(-1);
        }
    }

    FederationConfig config() {
        return config;
    }

    /**
     * Closes every running node at once, as a region-wide outage would, and waits until all are
     * closed; their data directories stay.
     */
    void stopAll() throws Exception {
        List<GatewayNode> stopping = List.copyOf(running.values());
        running.clear();
        List<Exception> failures = new ArrayList<>();
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> closed = stopping.stream().map(node -> closing.<Void>submit(() -> {
                node.close();
                return null;
            })).toList();
            for (Future<Void> done : closed) {
                try {
                    done.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof Exception cause ? cause : e);
                }
            }
        }
        if (!failures.isEmpty()) {
            Exception failure = failures.getFirst();
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        stopAll();
    }

    /** Closes each of {@code parts} that is not null, in order, all of them even when one fails. */
    static void closeAll(AutoCloseable... parts) throws Exception {
        Exception failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
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

    private void launch(String node) throws Exception {
        Path data = dataDirectory(node);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running.put(node, GatewayNode.start(config, WEST, NodeId.of(node), data));
    }

    private String yaml(Path certificates) {
        StringBuilder yaml = new StringBuilder()
                .append("federation: it\n")
                .append("trustDomain: strait.test\n")
                .append("meshSuffix: mesh\n")
                .append("certificates: \"").append(certificates).append("\"\n")
                .append("regions:\n")
                .append("  west:\n")
                .append("    nodes:\n");
        for (String node : NODES) {
            List<Integer> p = ports.get(node);
            yaml.append("      ").append(node).append(":\n")
                    .append("        host: 127.0.0.1\n")
                    .append("        adminHost: 127.0.0.1\n")
                    .append("        ports: { local: ").append(p.get(0))
                    .append(", peer: ").append(p.get(1))
                    .append(", admin: ").append(p.get(2))
                    .append(", raft: ").append(p.get(3))
                    .append(", federation: ").append(p.get(4)).append(" }\n");
        }
        return yaml
                .append("    services:\n")
                .append("      ").append(SERVICE).append(": { protocol: http1, upstreamTls: plaintext")
                        // The test callers are plaintext and anonymous: without a rule granting them, every call is denied.
                        .append(", authorization: [ { action: allow, from: [anonymous, \"*\"] } ]").append(ordersExtras).append(" }\n")
                .append("    raft: { electionTimeoutMin: 300ms, electionTimeoutMax: 600ms, snapshotThreshold: 50, writeTimeout: 2s }\n")
                .toString();
    }
}
