package dev.strait.policy.plan;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Objects;

/**
 * One line of a {@link ConfigPlan}: a change of the config itself, or ({@link RoutesChanged}) its
 * consequence for a region's routing. Handle it with an exhaustive {@code switch}.
 */
public sealed interface PlannedChange {
    /** A federation-wide setting ({@code federation}, {@code trustDomain}, {@code meshSuffix}). */
    record FederationChanged(FieldChange field) implements PlannedChange {
        public FederationChanged {
            Objects.requireNonNull(field, "field");
        }
    }

    record RegionAdded(RegionName region) implements PlannedChange {
        public RegionAdded {
            Objects.requireNonNull(region, "region");
        }
    }

    record RegionRemoved(RegionName region) implements PlannedChange {
        public RegionRemoved {
            Objects.requireNonNull(region, "region");
        }
    }

    /** A setting of the region: {@code failover}, {@code localCallers}, a node, or a {@code raft} or {@code federation} value. */
    record RegionChanged(RegionName region, FieldChange field) implements PlannedChange {
        public RegionChanged {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(field, "field");
        }
    }

    record ServiceAdded(RegionName region, ServiceName service) implements PlannedChange {
        public ServiceAdded {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(service, "service");
        }
    }

    record ServiceRemoved(RegionName region, ServiceName service) implements PlannedChange {
        public ServiceRemoved {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(service, "service");
        }
    }

    /** One field of a service served in the region both before and after. */
    record ServiceChanged(RegionName region, ServiceName service, FieldChange field) implements PlannedChange {
        public ServiceChanged {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * The failover-aware candidates of a call from {@code from} to {@code service} change order or
     * membership; an empty side means the service is not routable from there.
     */
    record RoutesChanged(RegionName from, ServiceName service, List<RouteCandidate> before, List<RouteCandidate> after)
            implements PlannedChange {
        public RoutesChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(service, "service");
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }
}
