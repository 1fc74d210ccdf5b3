package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the config binder reports about a traffic policy as a whole, at the element it is about. */
class TrafficCheckTest {
    private static final RegionName US_EAST = RegionName.of("us-east");
    private static final RegionName EU_WEST = RegionName.of("eu-west");
    private static final RegionName AP_SOUTH = RegionName.of("ap-south");
    private static final Set<RegionName> REGIONS = Set.of(US_EAST, EU_WEST, AP_SOUTH);

    private static final List<Subset> SUBSETS = List.of(
            new Subset("v1", Map.of("version", "v1")), new Subset("v2", Map.of("version", "v2")));

    private static TrafficPolicy policy(TrafficRoute... routes) {
        return policy(RouteSettings.NONE, routes);
    }

    private static TrafficPolicy policy(RouteSettings defaults, TrafficRoute... routes) {
        return new TrafficPolicy(SUBSETS, defaults, CircuitBreaker.DEFAULT, List.of(routes));
    }

    private static TrafficRoute route(String match, Destination... split) {
        return TrafficRoute.of(Matches.parse(match)).withSplit(List.of(split));
    }

    private static Destination subset(String name, int weight) {
        return new Destination.ToSubset(name, weight);
    }

    private static Destination region(RegionName region, int weight) {
        return new Destination.ToRegion(region, weight);
    }

    private static RouteSettings timeouts(Long timeout, Long perTry) {
        RouteSettings settings = RouteSettings.NONE;
        settings = timeout == null ? settings : settings.withTimeout(Duration.ofMillis(timeout));
        return perTry == null ? settings : settings.withPerTryTimeout(Duration.ofMillis(perTry));
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                arguments("a clean policy", policy(timeouts(2000L, 500L),
                        route("path=prefix:/api header=x-canary=1", subset("v2", 90), region(EU_WEST, 10)).withName("canary")
                                .withSettings(timeouts(1000L, 300L)),
                        route("path=prefix:/api", subset("v1", 100), subset("v2", 0)).withName("api"),
                        route("path=exact:/web methods=GET"),
                        route("*", subset("v1", 50), region(AP_SOUTH, 50))),
                        List.of()),
                arguments("weights under 100", policy(route("*", subset("v1", 60), subset("v2", 30))),
                        List.of("routes[0].split: weights add up to 90 (expected: 100)")),
                arguments("weights over 100", policy(route("*", subset("v1", 60), region(EU_WEST, 50))),
                        List.of("routes[0].split: weights add up to 110 (expected: 100)")),
                arguments("only weight 0", policy(route("*", subset("v1", 0))),
                        List.of("routes[0].split: weights add up to 0 (expected: 100)")),
                arguments("unknown subset", policy(route("*", subset("v1", 50), subset("v3", 50))),
                        List.of("routes[0].split[1].subset: unknown subset 'v3' (expected: one of v1, v2)")),
                arguments("no subsets at all", new TrafficPolicy(List.of(), RouteSettings.NONE, CircuitBreaker.DEFAULT,
                        List.of(route("*", subset("v1", 100)))),
                        List.of("routes[0].split[0].subset: unknown subset 'v1' (expected: a subset defined under subsets;"
                                + " there are none)")),
                arguments("unknown region", policy(route("*", subset("v1", 50), region(RegionName.of("eu-wset"), 50))),
                        List.of("routes[0].split[1].region: unknown region 'eu-wset' (expected: one of ap-south, eu-west)")),
                arguments("the home region", policy(route("*", subset("v1", 50), region(US_EAST, 50))),
                        List.of("routes[0].split[1].region: region 'us-east' is the service's own region (expected: use a"
                                + " subset or leave the split out)")),
                arguments("a subset twice", policy(route("*", subset("v1", 50), subset("v2", 25), subset("v1", 25))),
                        List.of("routes[0].split[2].subset: subset 'v1' is already destination [0] of this split"
                                + " (expected: each destination once)")),
                arguments("a region twice", policy(route("*", region(EU_WEST, 50), region(EU_WEST, 50))),
                        List.of("routes[0].split[1].region: region 'eu-west' is already destination [0] of this split"
                                + " (expected: each destination once)")),
                arguments("duplicate subset names", new TrafficPolicy(List.of(new Subset("v1", Map.of("version", "v1")),
                        new Subset("v1", Map.of("version", "v1b"))), RouteSettings.NONE, CircuitBreaker.DEFAULT, List.of()),
                        List.of("subsets: subset 'v1' is defined more than once (expected: each subset name once)")),
                arguments("duplicate route names", policy(route("path=prefix:/a").withName("api"),
                        route("path=prefix:/b").withName("api")),
                        List.of("routes[1].name: route name 'api' is already used by route [0] (expected: each route name once)")),
                arguments("perTryTimeout over the route's timeout", policy(route("*").withSettings(timeouts(300L, 500L))),
                        List.of("routes[0].perTryTimeout: perTryTimeout 500 ms is longer than the timeout 300 ms"
                                + " (expected: at most the timeout)")),
                arguments("perTryTimeout over the service's timeout", policy(timeouts(400L, null),
                        route("*").withSettings(timeouts(null, 500L))),
                        List.of("routes[0].perTryTimeout: perTryTimeout 500 ms is longer than the service's timeout 400 ms"
                                + " (expected: at most the timeout)")),
                arguments("timeout under the service's perTryTimeout", policy(timeouts(null, 500L),
                        route("*").withSettings(timeouts(400L, null))),
                        List.of("routes[0].timeout: timeout 400 ms is shorter than the service's perTryTimeout 500 ms"
                                + " (expected: at least the perTryTimeout)")),
                arguments("the service's own timeouts", policy(timeouts(400L, 500L),
                        route("path=prefix:/api").withSettings(timeouts(1000L, null)), route("path=prefix:/web")),
                        List.of("perTryTimeout: perTryTimeout 500 ms is longer than the timeout 400 ms"
                                + " (expected: at most the timeout)")),
                arguments("equal timeouts", policy(timeouts(500L, 500L)), List.of()),
                arguments("routes after the catch-all", policy(route("*").withName("all"), route("path=prefix:/api"),
                        route("methods=GET")),
                        List.of("routes[1].match: never matches: route [0] (all) before it matches every call"
                                        + " (expected: routes before the catch-all route, which comes last)",
                                "routes[2].match: never matches: route [0] (all) before it matches every call"
                                        + " (expected: routes before the catch-all route, which comes last)")),
                arguments("a shadowed route", policy(route("path=prefix:/api").withName("api"),
                        route("path=exact:/api/orders methods=GET").withName("orders"), route("path=prefix:/web")),
                        List.of("routes[1].match: never matches: route [0] (api) matches every call it matches"
                                + " (expected: the narrower route first)")),
                arguments("a route shadowed by an unnamed one", policy(route("methods=GET,POST"), route("methods=GET")),
                        List.of("routes[1].match: never matches: route [0] matches every call it matches"
                                + " (expected: the narrower route first)")),
                arguments("the same match twice", policy(route("header=x-canary=1", subset("v2", 100)),
                        route("header=x-canary=1", subset("v1", 100))),
                        List.of("routes[1].match: never matches: route [0] matches every call it matches"
                                + " (expected: the narrower route first)")),
                arguments("overlapping but not shadowed", policy(route("path=prefix:/api methods=GET"),
                        route("path=prefix:/api"), route("header=x-canary?")), List.of()),
                arguments("several problems, in order", policy(route("*", subset("v3", 60), region(US_EAST, 30)),
                        route("path=prefix:/api")),
                        List.of("routes[0].split: weights add up to 90 (expected: 100)",
                                "routes[0].split[0].subset: unknown subset 'v3' (expected: one of v1, v2)",
                                "routes[0].split[1].region: region 'us-east' is the service's own region (expected: use a"
                                        + " subset or leave the split out)",
                                "routes[1].match: never matches: route [0] before it matches every call"
                                        + " (expected: routes before the catch-all route, which comes last)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void reportsWhatDoesNotFitTogether(String what, TrafficPolicy policy, List<String> expected) {
        assertThat(TrafficCheck.problems(policy, US_EAST, REGIONS)).map(TrafficProblem::toString)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void pointsAtTheRouteAndDestination() {
        List<TrafficProblem> problems = TrafficCheck.problems(policy(route("*", subset("v1", 50), subset("v9", 50))),
                US_EAST, REGIONS);

        assertThat(problems).containsExactly(new TrafficProblem(Optional.of(0), Optional.of(1), "subset",
                "unknown subset 'v9' (expected: one of v1, v2)"));
    }

    @Test
    void theEmptyPolicyHasNoProblems() {
        assertThat(TrafficCheck.problems(TrafficPolicy.NONE, US_EAST, Set.of(US_EAST))).isEmpty();
    }
}
