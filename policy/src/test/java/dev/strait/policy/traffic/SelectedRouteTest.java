package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.model.RegionName;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a route's split picks a destination from a roll in [0, 1). */
class SelectedRouteTest {
    private static final Destination V1 = new Destination.ToSubset("v1", 60);
    private static final Destination V2 = new Destination.ToSubset("v2", 30);
    private static final Destination EU = new Destination.ToRegion(RegionName.of("eu-west"), 10);

    private static SelectedRoute route(Destination... split) {
        return new SelectedRoute(0, TrafficRoute.of(RouteMatch.ANY).withSplit(List.of(split)), RouteSettings.NONE);
    }

    static Stream<Arguments> rolls() {
        return Stream.of(
                Arguments.of(0.0, V1),
                Arguments.of(Math.nextDown(0.6), V1),
                Arguments.of(0.6, V2),
                Arguments.of(Math.nextDown(0.9), V2),
                Arguments.of(0.9, EU),
                Arguments.of(Math.nextDown(1.0), EU));
    }

    @ParameterizedTest(name = "roll {0} -> {1}")
    @MethodSource("rolls")
    void picksTheDestinationWhoseShareTheRollFallsIn(double roll, Destination expected) {
        assertThat(route(V1, V2, EU).pick(roll)).contains(expected);
    }

    static Stream<Arguments> subsetRolls() {
        // Among v1 (60) and v2 (30) only: v1 takes [0, 2/3), v2 [2/3, 1).
        return Stream.of(
                Arguments.of(0.0, V1),
                Arguments.of(0.66, V1),
                Arguments.of(0.67, V2),
                Arguments.of(Math.nextDown(1.0), V2));
    }

    @ParameterizedTest(name = "roll {0} -> {1}")
    @MethodSource("subsetRolls")
    void picksAmongTheSubsetsAloneWithTheirWeightsScaledUp(double roll, Destination expected) {
        assertThat(route(V1, EU, V2).pickSubset(roll)).contains((Destination.ToSubset) expected);
    }

    @Test
    void scalesSubsetWeightsExactlyAtTheBoundaries() {
        var a = new Destination.ToSubset("a", 30);
        var b = new Destination.ToSubset("b", 10);
        SelectedRoute route = route(a, new Destination.ToRegion(RegionName.of("eu-west"), 60), b);

        assertThat(route.pickSubset(Math.nextDown(0.75))).contains(a);
        assertThat(route.pickSubset(0.75)).contains(b);
    }

    @Test
    void neverPicksADestinationOfWeightZero() {
        var off = new Destination.ToSubset("off", 0);
        var on = new Destination.ToSubset("on", 100);
        SelectedRoute route = route(off, on, new Destination.ToRegion(RegionName.of("eu-west"), 0));

        for (double roll : new double[] {0.0, 0.5, Math.nextDown(1.0)}) {
            assertThat(route.pick(roll)).contains(on);
            assertThat(route.pickSubset(roll)).contains(on);
        }
    }

    @Test
    void isEmptyWithoutSplitOrWithoutWeightedSubsets() {
        assertThat(route().hasSplit()).isFalse();
        assertThat(route().pick(0.3)).isEmpty();
        assertThat(route().pickSubset(0.3)).isEmpty();
        SelectedRoute regionsOnly = route(new Destination.ToRegion(RegionName.of("eu-west"), 100));
        assertThat(regionsOnly.hasSplit()).isTrue();
        assertThat(regionsOnly.pickSubset(0.3)).isEmpty();
        assertThat(route(new Destination.ToSubset("v1", 0), new Destination.ToRegion(RegionName.of("eu-west"), 100))
                .pickSubset(0.3)).isEmpty();
    }

    @Test
    void answersThePreparedOptionalEveryTime() {
        SelectedRoute route = route(V1, V2, EU);

        Optional<Destination> first = route.pick(0.1);
        assertThat(route.pick(0.2)).isSameAs(first);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void refusesRollsOutsideTheUnitInterval(double roll) {
        assertThatThrownBy(() -> route(V1, V2, EU).pick(roll))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("roll " + roll + " is out of range (expected: 0 <= roll < 1)");
    }

    @Test
    void namesRoutesByNameElseByIndex() {
        assertThat(new SelectedRoute(3, TrafficRoute.of(RouteMatch.ANY).withName("canary"), RouteSettings.NONE).name())
                .isEqualTo("canary");
        assertThat(new SelectedRoute(3, TrafficRoute.of(RouteMatch.ANY), RouteSettings.NONE).name()).isEqualTo("route-3");
        assertThat(new SelectedRoute(-1, TrafficRoute.of(RouteMatch.ANY), RouteSettings.NONE).name()).isEqualTo("default");
    }
}
