package dev.strait.policy.plan;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What applying a new federation config would change, per region, computed from the applied config
 * and the new one alone: nothing is applied. Certificate and TLS file paths are not compared, since
 * they resolve against each node's own directory.
 *
 * @param meshSuffix the new config's mesh suffix, to name services in routes
 * @param changes    the config changes, then the route changes, each in a stable order
 */
public record ConfigPlan(String meshSuffix, List<PlannedChange> changes) {
    public ConfigPlan {
        Objects.requireNonNull(meshSuffix, "meshSuffix");
        changes = List.copyOf(changes);
    }

    /**
     * The config changes from {@code applied} to {@code proposed}: federation settings first, then
     * per region (in the new config's order, then removed regions) the region's own settings, then
     * its services in the new config's order, then its removed services.
     */
    public static ConfigPlan between(FederationConfig applied, FederationConfig proposed) {
        return new ConfigPlan(proposed.meshSuffix(), ConfigPlanner.changes(applied, proposed));
    }

    /**
     * This plan with a {@link PlannedChange.RoutesChanged} for every service whose candidates from a
     * region differ between {@code before} and {@code after} (per region, per service, the
     * candidates in order); regions in {@code after}'s order then those only in {@code before},
     * services by name.
     */
    public ConfigPlan withRoutes(Map<RegionName, Map<ServiceName, List<RouteCandidate>>> before,
            Map<RegionName, Map<ServiceName, List<RouteCandidate>>> after) {
        List<PlannedChange> all = new ArrayList<>(changes);
        Set<RegionName> regions = new LinkedHashSet<>(after.keySet());
        regions.addAll(before.keySet());
        for (RegionName region : regions) {
            Map<ServiceName, List<RouteCandidate>> old = before.getOrDefault(region, Map.of());
            Map<ServiceName, List<RouteCandidate>> next = after.getOrDefault(region, Map.of());
            Set<ServiceName> services = new java.util.TreeSet<>(old.keySet());
            services.addAll(next.keySet());
            for (ServiceName service : services) {
                List<RouteCandidate> from = old.getOrDefault(service, List.of());
                List<RouteCandidate> to = next.getOrDefault(service, List.of());
                if (!from.equals(to)) {
                    all.add(new PlannedChange.RoutesChanged(region, service, from, to));
                }
            }
        }
        return new ConfigPlan(meshSuffix, all);
    }

    /** Whether applying the new config would change nothing. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes of the config itself; route changes are their consequences and not counted. */
    public long configChangeCount() {
        return changes.stream().filter(change -> !(change instanceof PlannedChange.RoutesChanged)).count();
    }

    /** The regions that a config change is about (federation-wide settings name none). */
    public Set<RegionName> changedRegions() {
        Set<RegionName> regions = new LinkedHashSet<>();
        for (PlannedChange change : changes) {
            switch (change) {
                case PlannedChange.FederationChanged _, PlannedChange.RoutesChanged _ -> {
                    // About no single region, or a consequence only.
                }
                case PlannedChange.RegionAdded c -> regions.add(c.region());
                case PlannedChange.RegionRemoved c -> regions.add(c.region());
                case PlannedChange.RegionChanged c -> regions.add(c.region());
                case PlannedChange.ServiceAdded c -> regions.add(c.region());
                case PlannedChange.ServiceRemoved c -> regions.add(c.region());
                case PlannedChange.ServiceChanged c -> regions.add(c.region());
            }
        }
        return regions;
    }
}
