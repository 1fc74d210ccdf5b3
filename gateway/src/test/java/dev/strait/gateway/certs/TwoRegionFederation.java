package dev.strait.gateway.certs;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.nio.file.Path;
import java.util.List;

/**
 * A federation of two regions built in code: us-east (a loopback node, a node reached by host
 * name, services payments and orders) and eu-west (a node at a private IP, service payments).
 */
final class TwoRegionFederation {
    static final RegionName US_EAST = RegionName.of("us-east");
    static final RegionName EU_WEST = RegionName.of("eu-west");

    private TwoRegionFederation() {}

    static FederationConfig config(Path certificates) {
        return config(certificates, "gw-2.us-east.internal");
    }

    /** The same federation, with us-east's second node reached at {@code secondNodeHost}. */
    static FederationConfig config(Path certificates, String secondNodeHost) {
        var layout = new CertificateLayout(certificates);
        var usEast = new RegionConfig(US_EAST, List.of(EU_WEST),
                List.of(node(layout, US_EAST, "gw-1", "127.0.0.1", 7000), node(layout, US_EAST, "gw-2", secondNodeHost, 7100)),
                List.of(service("payments", "127.0.0.1", 9001), service("orders", "orders-1.us-east.internal", 9002)));
        var euWest = new RegionConfig(EU_WEST, List.of(US_EAST),
                List.of(node(layout, EU_WEST, "gw-1", "10.1.0.5", 8000)),
                List.of(service("payments", "10.1.0.20", 9001)));
        return new FederationConfig("acme", TestPki.TRUST_DOMAIN, "mesh", certificates, List.of(usEast, euWest),
                certificates.resolve("federation.yaml"));
    }

    private static NodeConfig node(CertificateLayout layout, RegionName region, String id, String host, int basePort) {
        var ports = new ListenerPorts(basePort, basePort + 1, basePort + 2, basePort + 3, basePort + 4);
        return new NodeConfig(NodeId.of(id), host, "127.0.0.1", ports, layout.node(region, NodeId.of(id)));
    }

    private static ServiceConfig service(String name, String host, int port) {
        return new ServiceConfig(ServiceName.of(name), Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(), List.of(),
                List.of(new EndpointConfig(EndpointId.of(name + "-1"), new HostPort(host, port))));
    }
}
