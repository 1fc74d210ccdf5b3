package dev.strait.policy.model;

/** The name of a region, a DNS label. */
public record RegionName(String value) implements Comparable<RegionName> {
    public RegionName {
        DnsLabel.require("region name", value);
    }

    public static RegionName of(String value) {
        return new RegionName(value);
    }

    @Override
    public int compareTo(RegionName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
