package dev.strait.policy.config;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;

/**
 * The path of an element in a config document, as problems name it:
 * {@code regions.us-east.services.web.endpoints[0].address}. The root is the empty path.
 */
record ElementPath(String value) {
    static final ElementPath ROOT = new ElementPath("");

    ElementPath key(String key) {
        return new ElementPath(value.isEmpty() ? key : value + "." + key);
    }

    ElementPath index(int index) {
        return new ElementPath(value + "[" + index + "]");
    }

    // The binder and the rules build paths of regions, nodes and services in these places only,
    // so that the paths they record and look up agree.

    static ElementPath region(RegionName region) {
        return ROOT.key("regions").key(region.value());
    }

    static ElementPath node(RegionName region, NodeId node) {
        return region(region).key("nodes").key(node.value());
    }

    static ElementPath service(RegionName region, ServiceName service) {
        return region(region).key("services").key(service.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
