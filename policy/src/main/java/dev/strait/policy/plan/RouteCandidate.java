package dev.strait.policy.plan;

import dev.strait.policy.model.RegionName;
import java.util.Objects;

/** One place a failover-aware call may go, as a plan shows it: {@code local:us-east} or {@code remote:eu-west}. */
public record RouteCandidate(RegionName region, boolean local) {
    public RouteCandidate {
        Objects.requireNonNull(region, "region");
    }

    public static RouteCandidate local(RegionName region) {
        return new RouteCandidate(region, true);
    }

    public static RouteCandidate remote(RegionName region) {
        return new RouteCandidate(region, false);
    }

    @Override
    public String toString() {
        return (local ? "local:" : "remote:") + region;
    }
}
