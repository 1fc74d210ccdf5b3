package dev.strait.policy.model;

/** The name of a endpoint, a DNS label. */
public record EndpointId(String value) implements Comparable<EndpointId> {
    public EndpointId {
        DnsLabel.require("endpoint name", value);
    }

    public static EndpointId of(String value) {
        return new EndpointId(value);
    }

    @Override
    public int compareTo(EndpointId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
