package dev.strait.policy.traffic;

import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong with a service's traffic policy as a whole, found by {@link TrafficCheck#problems}.
 *
 * @param route       the 0-based index of the route it is about; empty for the service-level part of the policy
 * @param destination the 0-based index of the destination in that route's split; empty for the route as a whole
 * @param field       the config key to point at, such as {@code split}, {@code subset}, {@code region},
 *                    {@code match} or {@code perTryTimeout}
 * @param message     what is wrong and what is expected, without the element's location
 */
public record TrafficProblem(Optional<Integer> route, Optional<Integer> destination, String field, String message) {
    public TrafficProblem {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (destination.isPresent() && route.isEmpty()) {
            throw new IllegalArgumentException("a destination problem names no route (expected: the route's index)");
        }
    }

    /** A problem of the service-level part of the policy. */
    static TrafficProblem ofPolicy(String field, String message) {
        return new TrafficProblem(Optional.empty(), Optional.empty(), field, message);
    }

    /** A problem of route {@code route}. */
    static TrafficProblem ofRoute(int route, String field, String message) {
        return new TrafficProblem(Optional.of(route), Optional.empty(), field, message);
    }

    /** A problem of destination {@code destination} of route {@code route}'s split. */
    static TrafficProblem ofDestination(int route, int destination, String field, String message) {
        return new TrafficProblem(Optional.of(route), Optional.of(destination), field, message);
    }

    /** Where the problem is, relative to the service's {@code traffic} key, such as {@code routes[1].split[0].subset}. */
    public String element() {
        StringBuilder element = new StringBuilder();
        route.ifPresent(index -> element.append("routes[").append(index).append(']'));
        destination.ifPresent(index -> element.append(".split[").append(index).append(']'));
        if (!field.isEmpty()) {
            element.append(element.isEmpty() ? "" : ".").append(field);
        }
        return element.toString();
    }

    @Override
    public String toString() {
        String element = element();
        return element.isEmpty() ? message : element + ": " + message;
    }
}
