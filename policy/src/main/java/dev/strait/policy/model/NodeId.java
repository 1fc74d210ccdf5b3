package dev.strait.policy.model;

/** The name of a node, a DNS label. */
public record NodeId(String value) implements Comparable<NodeId> {
    public NodeId {
        DnsLabel.require("node name", value);
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
