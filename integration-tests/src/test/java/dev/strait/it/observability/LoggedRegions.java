package dev.strait.it.observability;

import dev.strait.gateway.accesslog.AccessLogSettings;
import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two regions, {@code east} and {@code west}, one gateway node each, every node writing its access
 * log to its own file ({@code logs/REGION.log}). West serves {@code orders} (HTTP/1.1, plaintext,
 * an echo endpoint) to east; east serves nothing. Callers are anonymous and allowed.
 */
final class LoggedRegions implements AutoCloseable {
    static final RegionName EAST = RegionName.of("east");
    static final RegionName WEST = RegionName.of("west");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalFederation federation;
    private final Path logs;

    private LoggedRegions(LocalFederation federation, Path logs) {
        this.federation = federation;
        this.logs = logs;
    }

    /** Starts both regions and the echo endpoint, and waits until both nodes are ready and federated. */
    static LoggedRegions start(Path directory) throws Exception {
        Iterator<Integer> ports = FreePorts.take(11).iterator();
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, """
                federation: observed
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  east:
                    failover: [west]
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                  west:
                    failover: [east]
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                    services:
                      orders:
                        protocol: http1
                        exportTo: [east]
                        authorization:
                          - { action: allow, from: [anonymous, "*"] }
                        endpoints:
                          - { id: orders-1, address: "127.0.0.1:%d" }
                """.formatted(ports.next(), ports.next(), ports.next(), ports.next(), ports.next(),
                ports.next(), ports.next(), ports.next(), ports.next(), ports.next(), ports.next()));
        new FederationCertificates(Clock.systemUTC()).issue(new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks()),
                directory.resolve("certs"));
        FederationConfig config = new FederationConfigLoader().load(file, LoadOptions.defaults());
        Path logs = directory.resolve("logs");
        LocalFederation federation = LocalFederation.start(config, directory.resolve("data"), Set.of(),
                (region, node) -> NodeOptions.DEFAULTS.withAccessLog(
                        new AccessLogSettings(new AccessLogSettings.Destination.File(logFile(logs, region)), 1.0)));
        LoggedRegions regions = new LoggedRegions(federation, logs);
        try {
            for (GatewayNode node : federation.nodes()) {
                Await.until("node " + node.region().name() + " is ready", Duration.ofSeconds(30),
                        () -> Admin.status(node.adminPort(), "/readyz") == 200);
            }
            for (GatewayNode node : federation.nodes()) {
                Await.until("node " + node.region().name() + " imported the other region", Duration.ofSeconds(20),
                        () -> Admin.federated(node.adminPort()));
            }
            return regions;
        } catch (Exception | AssertionError e) {
            regions.close();
            throw e;
        }
    }

    private static Path logFile(Path logs, RegionName region) {
        return logs.resolve(region.value() + ".log");
    }

    /** The local listener of {@code region}'s node, as {@code http://127.0.0.1:PORT}. */
    String localUrl(RegionName region) {
        return "http://127.0.0.1:" + federation.nodes().stream()
                .filter(node -> node.region().name().equals(region)).findFirst().orElseThrow().localPort();
    }

    /**
     * Waits until {@code region}'s access log holds a line that {@code matches} and returns it;
     * lines are written off the request path, so one may come a little after the response.
     */
    JsonNode awaitLogLine(RegionName region, String what, Predicate<JsonNode> matches) {
        JsonNode[] found = new JsonNode[1];
        Await.until(region + "'s access log has a line for " + what, Duration.ofSeconds(10), () -> {
            Optional<JsonNode> line = lines(region).stream().filter(matches).findFirst();
            line.ifPresent(json -> found[0] = json);
            return line.isPresent();
        });
        return found[0];
    }

    /** The complete lines of {@code region}'s access log so far. */
    List<JsonNode> lines(RegionName region) {
        Path file = logFile(logs, region);
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // A line still being written has no line break yet.
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            return complete.lines().map(JSON::readTree).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        federation.close();
    }
}
