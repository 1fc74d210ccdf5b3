package dev.strait.gateway.drill.run;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The gateway nodes an {@code --admin} drill was given, each as its {@code GET /v1/status} names
 * it, in the order given.
 */
record RunningNodes(List<Node> nodes) {
    RunningNodes {
        nodes = List.copyOf(nodes);
    }

    /** One node: its region and id, its config, and its admin URL. */
    record Node(RegionName region, NodeConfig config, URI admin) {
        NodeId id() {
            return config.id();
        }

        @Override
        public String toString() {
            return "node " + config.id().value() + " of " + region.value() + " (admin " + admin + ")";
        }
    }

    /**
     * Asks each of {@code urls} who it is; every one must answer and be a node of {@code federation}
     * (the scenario's federation file must describe the federation that runs), and no node may be
     * given twice.
     */
    static RunningNodes discover(List<URI> urls, FederationConfig federation, AdminCalls admin)
            throws DrillRunException, InterruptedException {
        List<Node> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (URI url : urls) {
            JsonNode status;
            try {
                status = admin.status(url);
            } catch (DrillRunException e) {
                problems.add(e.getMessage() + " (expected: the admin URL of a running gateway node, such as http://127.0.0.1:15900)");
                continue;
            }
            String region = status.path("region").asString("");
            String node = status.path("node").asString("");
            Optional<NodeConfig> config = federation.region(RegionName.of(region))
                    .flatMap(r -> r.nodes().stream().filter(n -> n.id().value().equals(node)).findFirst());
            if (config.isEmpty()) {
                problems.add(url + " is node '" + node + "' of region '" + region + "', which federation '" + federation.name()
                        + "' does not have (expected: the scenario's federation file describes the running federation)");
            } else if (nodes.stream().anyMatch(n -> n.region().value().equals(region) && n.id().value().equals(node))) {
                problems.add(url + " is node " + node + " of " + region + " again (expected: each node once)");
            } else {
                nodes.add(new Node(RegionName.of(region), config.get(), url));
            }
        }
        if (!problems.isEmpty()) {
            throw new DrillRunException(String.join("\n", problems));
        }
        return new RunningNodes(nodes);
    }

    /** The given nodes of {@code region}, in the order given. */
    List<Node> of(RegionName region) {
        return nodes.stream().filter(n -> n.region().equals(region)).toList();
    }

    /** The given admin URLs of {@code region}'s nodes. */
    List<URI> adminUrls(RegionName region) {
        return of(region).stream().map(Node::admin).toList();
    }

    Optional<Node> node(RegionName region, NodeId id) {
        return of(region).stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
