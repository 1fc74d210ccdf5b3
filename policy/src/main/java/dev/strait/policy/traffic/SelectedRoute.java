package dev.strait.policy.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route a call takes, as {@link ServiceTraffic#select} returns it: built once when the policy is
 * compiled, with its effective settings and its split laid out for picking without allocation.
 */
public final class SelectedRoute {
    private static final String DEFAULT_NAME = "default";

    private final int index;
    private final String name;
    private final RouteSettings settings;
    private final RetryRules retries;
    private final List<Destination> split;
    private final Picks<Destination> all;
    private final Picks<Destination.ToSubset> subsets;

    /**
     * @param index    the route's position in the policy's routes, -1 for the implicit default route
     * @param route    the route; for the implicit default route, one with no name, no split and no settings
     * @param defaults the service's defaults, which the route's settings override
     */
    SelectedRoute(int index, TrafficRoute route, RouteSettings defaults) {
        this.index = index;
        this.name = route.name().orElse(index < 0 ? DEFAULT_NAME : "route-" + index);
        this.settings = defaults.overriddenBy(route.settings());
        this.retries = settings.retries().orElse(RetryRules.DEFAULT);
        this.split = route.split();
        this.all = new Picks<>(split);
        List<Destination.ToSubset> toSubsets = new ArrayList<>();
        for (Destination destination : split) {
            if (destination instanceof Destination.ToSubset toSubset) {
                toSubsets.add(toSubset);
            }
        }
        this.subsets = new Picks<>(toSubsets);
    }

    /** The route's position in the policy's routes; -1 for the implicit default route. */
    public int index() {
        return index;
    }

    /** The route's name; else {@code route-<index>}; {@code default} for the implicit default route. */
    public String name() {
        return name;
    }

    /** The settings the call gets: the service's defaults overridden by the route's own. */
    public RouteSettings settings() {
        return settings;
    }

    /** The retry rules the call gets: those of {@link #settings()}, else {@link RetryRules#DEFAULT}. */
    public RetryRules retries() {
        return retries;
    }

    /** Whether the route splits its calls; if not, they go to the service's usual candidates. */
    public boolean hasSplit() {
        return !split.isEmpty();
    }

    /** The route's split as configured; empty when it has none. */
    public List<Destination> split() {
        return split;
    }

    /**
     * The destination for a call that rolled {@code roll}: laying the weights out one after the other
     * on [0, 1), the one the roll falls in (a destination of weight 0 is never picked). Empty when the
     * route has no split.
     *
     * @param roll uniform in [0, 1), such as {@code RandomGenerator.nextDouble()}
     */
    public Optional<Destination> pick(double roll) {
        return all.pick(roll);
    }

    /**
     * Like {@link #pick}, but only among the subsets of the split, their weights scaled to add up to the
     * whole: for calls that came from a peer gateway, which must be served in this region. Empty when
     * the split has no subset destination, or only ones of weight 0.
     */
    public Optional<Destination.ToSubset> pickSubset(double roll) {
        return subsets.pick(roll);
    }

    @Override
    public String toString() {
        return "route " + name + (index < 0 ? "" : " [" + index + "]");
    }

    /** Destinations with their cumulative weights, and the answers for each made in advance. */
    private static final class Picks<D extends Destination> {
        private final int[] cumulative;
        private final List<Optional<D>> answers;
        private final int total;

        Picks(List<D> destinations) {
            cumulative = new int[destinations.size()];
            List<Optional<D>> prepared = new ArrayList<>();
            int sum = 0;
            for (int i = 0; i < destinations.size(); i++) {
                sum += destinations.get(i).weight();
                cumulative[i] = sum;
                prepared.add(Optional.of(destinations.get(i)));
            }
            answers = List.copyOf(prepared);
            total = sum;
        }

        Optional<D> pick(double roll) {
            if (!(roll >= 0 && roll < 1)) {
                throw new IllegalArgumentException("roll " + roll + " is out of range (expected: 0 <= roll < 1)");
            }
            if (total == 0) {
                return Optional.empty();
            }
            double point = roll * total;
            int last = -1;
            for (int i = 0; i < cumulative.length; i++) {
                if (point < cumulative[i]) {
                    return answers.get(i);
                }
                if (cumulative[i] > (i == 0 ? 0 : cumulative[i - 1])) {
                    last = i;
                }
            }
            // Only rounding can bring a roll below 1 up to the total: it belongs to the last weighted destination.
            return answers.get(last);
        }
    }
}
