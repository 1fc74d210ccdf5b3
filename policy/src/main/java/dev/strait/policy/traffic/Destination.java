package dev.strait.policy.traffic;

import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.RegionName;
import java.util.Objects;

/**
 * Where a share of a route's calls goes: a subset of the service's endpoints in this region, or the
 * service in another region (through that region's gateways).
 */
public sealed interface Destination permits Destination.ToSubset, Destination.ToRegion {
    /** The highest weight; the weights of a split add up to it. */
    int MAX_WEIGHT = 100;

    /** The share of the route's calls, in percent (0-100); 0 sends nothing while keeping the entry. */
    int weight();

    /** The calls go to the endpoints of the named subset, in this region. */
    record ToSubset(String subset, int weight) implements Destination {
        public ToSubset {
            if (!DnsLabel.isValid(subset)) {
                throw new IllegalArgumentException("subset name '" + subset + "' is not a DNS label (expected: "
                        + DnsLabel.RULE + ")");
            }
            requireWeight(weight);
        }

        @Override
        public String toString() {
            return "subset '" + subset + "'";
        }
    }

    /** The calls go to the service in {@code region}, through that region's gateways. */
    record ToRegion(RegionName region, int weight) implements Destination {
        public ToRegion {
            Objects.requireNonNull(region, "region");
            requireWeight(weight);
        }

        @Override
        public String toString() {
            return "region '" + region + "'";
        }
    }

    private static void requireWeight(int weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is out of range (expected: 0-" + MAX_WEIGHT + ")");
        }
    }
}
