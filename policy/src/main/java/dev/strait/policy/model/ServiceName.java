package dev.strait.policy.model;

/** The name of a service, a DNS label. */
public record ServiceName(String value) implements Comparable<ServiceName> {
    public ServiceName {
        DnsLabel.require("service name", value);
    }

    public static ServiceName of(String value) {
        return new ServiceName(value);
    }

    @Override
    public int compareTo(ServiceName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
