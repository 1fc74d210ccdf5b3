package dev.strait.gateway.cli;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** A node named on the command line as {@code REGION/NODE}, or as {@code NODE} when that is unambiguous. */
record NodeAddress(RegionName region, NodeId node) {
    static Optional<NodeAddress> find(FederationConfig config, String name, PrintWriter err) {
        int slash = name.indexOf('/');
        String nodeName = slash < 0 ? name : name.substring(slash + 1);
        List<RegionConfig> regions = config.regions().stream()
                .filter(r -> slash < 0 || r.name().value().equals(name.substring(0, slash)))
                .filter(r -> r.nodes().stream().anyMatch(n -> n.id().value().equals(nodeName)))
                .toList();
        if (regions.size() == 1) {
            return Optional.of(new NodeAddress(regions.getFirst().name(), new NodeId(nodeName)));
        }
        err.println(regions.isEmpty()
                ? config.source() + ": no node '" + name + "' in federation '" + config.name() + "'"
                : config.source() + ": node '" + name + "' is in several regions; name it as REGION/" + nodeName);
        err.flush();
        return Optional.empty();
    }
}
