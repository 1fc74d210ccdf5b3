package dev.strait.policy.traffic;

import dev.strait.policy.model.DnsLabel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of a service: the calls it is for, where they go and how they are handled.
 *
 * @param name     a DNS label, unique among the service's routes, for metrics, logs and messages; optional
 * @param match    which calls it takes; {@link RouteMatch#ANY} for all that reach it
 * @param split    where its calls go, by weight; empty for the service's usual candidates
 * @param settings its own settings, over the service's defaults
 */
public record TrafficRoute(Optional<String> name, RouteMatch match, List<Destination> split, RouteSettings settings) {
    public TrafficRoute {
        Objects.requireNonNull(name, "name");
        name.ifPresent(value -> {
            if (!DnsLabel.isValid(value)) {
                throw new IllegalArgumentException("route name '" + value + "' is not a DNS label (expected: "
                        + DnsLabel.RULE + ")");
            }
        });
        Objects.requireNonNull(match, "match");
        split = List.copyOf(split);
        Objects.requireNonNull(settings, "settings");
    }

    /** An unnamed route for {@code match}, to the service's usual candidates, with no settings of its own. */
    public static TrafficRoute of(RouteMatch match) {
        return new TrafficRoute(Optional.empty(), match, List.of(), RouteSettings.NONE);
    }

    /** This route named {@code newName}. */
    public TrafficRoute withName(String newName) {
        return new TrafficRoute(Optional.of(newName), match, split, settings);
    }

    /** This route with {@code newSplit} as its split. */
    public TrafficRoute withSplit(List<Destination> newSplit) {
        return new TrafficRoute(name, match, newSplit, settings);
    }

    /** This route with {@code newSettings} as its settings. */
    public TrafficRoute withSettings(RouteSettings newSettings) {
        return new TrafficRoute(name, match, split, newSettings);
    }
}
