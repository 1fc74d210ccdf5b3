package dev.strait.it.traffic;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.FreePorts;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Two regions, {@code east} and {@code west}, of one gateway node each, started from a federation
 * YAML whose services blocks a test writes itself, so traffic rules go through the same loader
 * as {@code strait run}. East's local callers from {@code 127.0.0.2} are service {@code checkout};
 * everyone else is anonymous.
 */
final class TrafficRegions implements AutoCloseable {
    static final RegionName EAST = RegionName.of("east");
    static final RegionName WEST = RegionName.of("west");
    static final String CHECKOUT = "127.0.0.2";

    private final List<GatewayNode> nodes = new ArrayList<>();
    private final FederationConfig config;

    private TrafficRegions(FederationConfig config) {
        this.config = config;
    }

    /**
     * Starts both regions and waits until each is ready and federated.
     *
     * @param eastServices the entries under east's {@code services:}, indented by six spaces; empty for none
     * @param westServices the entries under west's {@code services:}, indented by six spaces
     */
    static TrafficRegions start(Path directory, String eastServices, String westServices) throws Exception {
        Iterator<Integer> ports = FreePorts.take(10).iterator();
        Path certificates = directory.resolve("certs");
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, """
                federation: traffic
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  east:
                    failover: [west]
                    localCallers:
                      - { from: %s, service: checkout }
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                %s
                  west:
                    failover: [east]
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                %s
                """.formatted(CHECKOUT, ports.next(), ports.next(), ports.next(), ports.next(), ports.next(),
                services(eastServices), ports.next(), ports.next(), ports.next(), ports.next(), ports.next(),
                services(westServices)));
        new FederationCertificates(Clock.systemUTC()).issue(new FederationConfigLoader().load(file, LoadOptions.withoutFileChecks()),
                certificates);
        TrafficRegions regions = new TrafficRegions(new FederationConfigLoader().load(file, LoadOptions.defaults()));
        try {
            for (RegionName region : List.of(EAST, WEST)) {
                Path data = Files.createDirectories(directory.resolve("data").resolve(region.value()));
                regions.nodes.add(GatewayNode.start(regions.config, region, NodeId.of("gw-1"), data));
            }
            for (GatewayNode node : regions.nodes) {
                Await.until("node " + node.region().name() + " is ready", Duration.ofSeconds(30),
                        () -> Admin.status(node.adminPort(), "/readyz") == 200);
            }
            for (GatewayNode node : regions.nodes) {
                Await.until("node " + node.region().name() + " imported the other region", Duration.ofSeconds(20),
                        () -> Admin.federated(node.adminPort()));
            }
            return regions;
        } catch (Exception e) {
            regions.close();
            throw e;
        }
    }

    private static String services(String entries) {
        return entries.isBlank() ? "" : "    services:\n" + entries.stripTrailing();
    }

    GatewayNode node(RegionName region) {
        return nodes.stream().filter(node -> node.region().name().equals(region)).findFirst().orElseThrow();
    }

    /** East's local listener, as {@code http://127.0.0.1:PORT}. */
    String eastUrl() {
        return "http://127.0.0.1:" + node(EAST).localPort();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (GatewayNode node : nodes.reversed()) {
            try {
                node.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
