package dev.strait.policy.plan;

import dev.strait.policy.model.RegionName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link ConfigPlan} as text, one change a line, like {@code terraform plan}: {@code +}
 * added, {@code -} removed, {@code ~} changed. Federation settings come first, then each region's
 * config changes followed by its route changes, then one summary line.
 *
 * <pre>
 * ~ service payments (eu-west): exportTo [us-east] → [us-east, ap-south]
 * ~ routes from us-east: payments.mesh: local:us-east, remote:eu-west → local:us-east, remote:ap-south, remote:eu-west
 * 1 change in 1 region
 * </pre>
 */
public final class PlanRenderer {
    private PlanRenderer() {}

    /** The plan as lines of text, each ending with a newline, the last being the summary. */
    public static String render(ConfigPlan plan) {
        List<String> federation = new ArrayList<>();
        Map<RegionName, List<String>> regions = new LinkedHashMap<>();
        Map<RegionName, List<String>> routes = new LinkedHashMap<>();
        for (PlannedChange change : plan.changes()) {
            switch (change) {
                case PlannedChange.FederationChanged c -> federation.add("~ federation: " + c.field());
                case PlannedChange.RegionAdded c -> lines(regions, c.region()).add("+ region " + c.region());
                case PlannedChange.RegionRemoved c -> lines(regions, c.region()).add("- region " + c.region());
                case PlannedChange.RegionChanged c -> lines(regions, c.region()).add("~ region " + c.region() + ": " + c.field());
                case PlannedChange.ServiceAdded c -> lines(regions, c.region()).add("+ service " + c.service() + " (" + c.region() + ")");
                case PlannedChange.ServiceRemoved c -> lines(regions, c.region()).add("- service " + c.service() + " (" + c.region() + ")");
                case PlannedChange.ServiceChanged c ->
                        lines(regions, c.region()).add("~ service " + c.service() + " (" + c.region() + "): " + c.field());
                case PlannedChange.RoutesChanged c -> {
                    lines(regions, c.from());
                    lines(routes, c.from()).add("~ routes from " + c.from() + ": " + c.service() + "." + plan.meshSuffix() + ": "
                            + candidates(c.before()) + " → " + candidates(c.after()));
                }
            }
        }
        StringBuilder text = new StringBuilder();
        federation.forEach(line -> text.append(line).append('\n'));
        regions.forEach((region, lines) -> {
            lines.forEach(line -> text.append(line).append('\n'));
            routes.getOrDefault(region, List.of()).forEach(line -> text.append(line).append('\n'));
        });
        return text.append(summary(plan)).append('\n').toString();
    }

    /** {@code no changes}, or {@code N changes in M regions}; route changes are consequences and not counted. */
    static String summary(ConfigPlan plan) {
        long changes = plan.configChangeCount();
        if (changes == 0) {
            return "no changes";
        }
        int regions = plan.changedRegions().size();
        String counted = changes + (changes == 1 ? " change" : " changes");
        return regions == 0 ? counted : counted + " in " + regions + (regions == 1 ? " region" : " regions");
    }

    private static List<String> lines(Map<RegionName, List<String>> byRegion, RegionName region) {
        return byRegion.computeIfAbsent(region, r -> new ArrayList<>());
    }

    private static String candidates(List<RouteCandidate> candidates) {
        return candidates.isEmpty() ? "(none)" : candidates.stream().map(RouteCandidate::toString).collect(Collectors.joining(", "));
    }
}
