package dev.strait.policy.traffic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service's calls are routed and handled: its subsets, its default settings, its circuit
 * breaker and its routes, tried in order. {@link TrafficCheck#problems} says whether the parts fit
 * together; {@link CompiledTraffic#compile} builds the form the request path reads.
 *
 * @param subsets        named groups of the service's endpoints, which splits send calls to
 * @param defaults       the settings of every call, which a route's own settings override field by field
 * @param circuitBreaker the service-wide limits on calls and connections in flight
 * @param routes         tried in order, the first that matches a call taking it; calls no route takes get
 *                       the defaults
 */
public record TrafficPolicy(List<Subset> subsets, RouteSettings defaults, CircuitBreaker circuitBreaker,
        List<TrafficRoute> routes) {
    /** No subsets, no settings, the default circuit breaker, no routes. */
    public static final TrafficPolicy NONE = new TrafficPolicy(List.of(), RouteSettings.NONE, CircuitBreaker.DEFAULT,
            List.of());

    public TrafficPolicy {
        subsets = List.copyOf(subsets);
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        routes = List.copyOf(routes);
    }

    /** The subset named {@code name}, the first when several are (which {@link TrafficCheck} reports). */
    public Optional<Subset> subset(String name) {
        for (Subset subset : subsets) {
            if (subset.name().equals(name)) {
                return Optional.of(subset);
            }
        }
        return Optional.empty();
    }
}
