package dev.strait.policy.traffic;

import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that the parts of a traffic policy fit together, which no single record can: names are
 * unique, splits add up and name what exists, timeouts agree, and every route can match a call.
 * The records themselves have already checked their single values.
 */
public final class TrafficCheck {
    private TrafficCheck() {}

    /**
     * Every problem of {@code policy}, service-level ones first, then route by route. Route overlap is
     * judged conservatively: a reported shadowed route is real, but not every one is found.
     *
     * @param home    the region the service is declared in
     * @param regions every region of the federation, {@code home} included
     */
    public static List<TrafficProblem> problems(TrafficPolicy policy, RegionName home, Set<RegionName> regions) {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(regions, "regions");
        return check(policy, Optional.of(new Regions(home, regions)));
    }

    /** The problems that do not depend on the federation's regions, which compiling refuses. */
    static List<TrafficProblem> regionFreeProblems(TrafficPolicy policy) {
        return check(policy, Optional.empty());
    }

    private record Regions(RegionName home, Set<RegionName> all) {}

    private static List<TrafficProblem> check(TrafficPolicy policy, Optional<Regions> regions) {
        Objects.requireNonNull(policy, "policy");
        List<TrafficProblem> problems = new ArrayList<>();
        checkSubsetNames(policy, problems);
        checkTimeouts(Optional.empty(), RouteSettings.NONE, policy.defaults(), problems);
        List<TrafficRoute> routes = policy.routes();
        Map<String, Integer> routeNames = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            TrafficRoute route = routes.get(i);
            int index = i;
            route.name().ifPresent(name -> {
                Integer first = routeNames.putIfAbsent(name, index);
                if (first != null) {
                    problems.add(TrafficProblem.ofRoute(index, "name", "route name '" + name + "' is already used by"
                            + " route [" + first + "] (expected: each route name once)"));
                }
            });
            checkReachable(routes, i, problems);
            checkSplit(policy, i, regions, problems);
            checkTimeouts(Optional.of(i), policy.defaults(), route.settings(), problems);
        }
        return List.copyOf(problems);
    }

    private static void checkSubsetNames(TrafficPolicy policy, List<TrafficProblem> problems) {
        Set<String> seen = new HashSet<>();
        for (Subset subset : policy.subsets()) {
            if (!seen.add(subset.name())) {
                problems.add(TrafficProblem.ofPolicy("subsets", "subset '" + subset.name() + "' is defined more than once"
                        + " (expected: each subset name once)"));
            }
        }
    }

    /** A route no call can reach is a mistake: its author meant it to take calls that an earlier route takes. */
    private static void checkReachable(List<TrafficRoute> routes, int index, List<TrafficProblem> problems) {
        RouteMatch match = routes.get(index).match();
        for (int earlier = 0; earlier < index; earlier++) {
            RouteMatch before = routes.get(earlier).match();
            if (before.isCatchAll()) {
                problems.add(TrafficProblem.ofRoute(index, "match", "never matches: " + describe(routes, earlier)
                        + " before it matches every call (expected: routes before the catch-all route, which comes last)"));
                return;
            }
            if (before.covers(match)) {
                problems.add(TrafficProblem.ofRoute(index, "match", "never matches: " + describe(routes, earlier)
                        + " matches every call it matches (expected: the narrower route first)"));
                return;
            }
        }
    }

    private static void checkSplit(TrafficPolicy policy, int routeIndex, Optional<Regions> regions,
            List<TrafficProblem> problems) {
        List<Destination> split = policy.routes().get(routeIndex).split();
        if (split.isEmpty()) {
            return;
        }
        int sum = 0;
        for (Destination destination : split) {
            sum += destination.weight();
        }
        if (sum != Destination.MAX_WEIGHT) {
            problems.add(TrafficProblem.ofRoute(routeIndex, "split", "weights add up to " + sum + " (expected: "
                    + Destination.MAX_WEIGHT + ")"));
        }
        Map<Destination, Integer> seen = new HashMap<>();
        for (int j = 0; j < split.size(); j++) {
            Destination destination = split.get(j);
            String field = switch (destination) {
                case Destination.ToSubset _ -> "subset";
                case Destination.ToRegion _ -> "region";
            };
            Integer first = seen.putIfAbsent(withoutWeight(destination), j);
            if (first != null) {
                problems.add(TrafficProblem.ofDestination(routeIndex, j, field, destination + " is already destination ["
                        + first + "] of this split (expected: each destination once)"));
                continue;
            }
            switch (destination) {
                case Destination.ToSubset toSubset -> {
                    if (policy.subset(toSubset.subset()).isEmpty()) {
                        problems.add(TrafficProblem.ofDestination(routeIndex, j, field, unknownSubset(policy, toSubset.subset())));
                    }
                }
                case Destination.ToRegion toRegion -> {
                    Optional<String> problem = regions.flatMap(known -> regionProblem(known, toRegion.region()));
                    if (problem.isPresent()) {
                        problems.add(TrafficProblem.ofDestination(routeIndex, j, field, problem.get()));
                    }
                }
            }
        }
    }

    /** Destinations are the same when they name the same place, whatever their weights. */
    private static Destination withoutWeight(Destination destination) {
        return switch (destination) {
            case Destination.ToSubset toSubset -> new Destination.ToSubset(toSubset.subset(), 0);
            case Destination.ToRegion toRegion -> new Destination.ToRegion(toRegion.region(), 0);
        };
    }

    /**
     * An attempt cannot outlast the whole call. For a route, checks the values it ends up with, and only
     * when it sets one of them itself (the service-level check covers the rest).
     */
    private static void checkTimeouts(Optional<Integer> route, RouteSettings defaults, RouteSettings own,
            List<TrafficProblem> problems) {
        if (own.timeout().isEmpty() && own.perTryTimeout().isEmpty()) {
            return;
        }
        RouteSettings effective = defaults.overriddenBy(own);
        if (effective.timeout().isEmpty() || effective.perTryTimeout().isEmpty()) {
            return;
        }
        Duration timeout = effective.timeout().get();
        Duration perTry = effective.perTryTimeout().get();
        if (perTry.compareTo(timeout) <= 0) {
            return;
        }
        String field;
        String message;
        if (own.perTryTimeout().isPresent()) {
            field = "perTryTimeout";
            message = "perTryTimeout " + describe(perTry) + " is longer than the " + (own.timeout().isPresent() ? "" : "service's ")
                    + "timeout " + describe(timeout) + " (expected: at most the timeout)";
        } else {
            field = "timeout";
            message = "timeout " + describe(timeout) + " is shorter than the service's perTryTimeout " + describe(perTry)
                    + " (expected: at least the perTryTimeout)";
        }
        problems.add(route.map(index -> TrafficProblem.ofRoute(index, field, message))
                .orElseGet(() -> TrafficProblem.ofPolicy(field, message)));
    }

    private static String unknownSubset(TrafficPolicy policy, String name) {
        if (policy.subsets().isEmpty()) {
            return "unknown subset '" + name + "' (expected: a subset defined under subsets; there are none)";
        }
        List<String> known = policy.subsets().stream().map(Subset::name).distinct().toList();
        return "unknown subset '" + name + "' (expected: one of " + String.join(", ", known) + ")";
    }

    private static Optional<String> regionProblem(Regions regions, RegionName region) {
        if (region.equals(regions.home())) {
            return Optional.of("region '" + region + "' is the service's own region (expected: use a subset or leave"
                    + " the split out)");
        }
        return regions.all().contains(region) ? Optional.empty() : Optional.of(unknownRegion(regions, region));
    }

    private static String unknownRegion(Regions regions, RegionName region) {
        List<String> others = regions.all().stream().filter(other -> !other.equals(regions.home()))
                .map(RegionName::value).sorted().toList();
        if (others.isEmpty()) {
            return "unknown region '" + region + "' (expected: another region of the federation; there is none)";
        }
        return "unknown region '" + region + "' (expected: one of " + String.join(", ", others) + ")";
    }

    private static String describe(List<TrafficRoute> routes, int index) {
        return "route [" + index + "]" + routes.get(index).name().map(name -> " (" + name + ")").orElse("");
    }

    private static String describe(Duration duration) {
        return duration.toNanosPart() % 1_000_000 == 0 ? duration.toMillis() + " ms" : duration.toString();
    }
}
