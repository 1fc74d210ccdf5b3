package dev.strait.policy.config;

import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.RouteMatch;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficPolicy;
import dev.strait.policy.traffic.TrafficRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a service's {@code traffic} block into a {@link TrafficPolicy}: its subsets, the settings of
 * every call ({@link RouteSettingsBinder}), its circuit breaker and its routes, each with a match in
 * the syntax of authorization rules ({@link RequestMatchBinder}), a split and settings of its own.
 * Each element that does not bind is reported where it is, and then the block binds to nothing.
 * Whether the parts fit together (splits, subsets, regions, timeouts, routes that can never match)
 * is {@link TrafficRule}'s to check, since a split may name any region of the document.
 */
final class TrafficBinder {
    /**
     * Items in one service's routes: each route, and each path, method, header and destination in
     * it. Routes are checked pairwise for overlaps, so their cost grows with the square of this; a
     * real service has a handful.
     */
    static final int MAX_ROUTE_ITEMS = 1_000;

    private static final String DESTINATION_RULE = "a destination needs exactly one of 'subset: NAME' and 'region: NAME'";

    private final BindContext context;
    private final ValueReader values;
    private final RequestMatchBinder matches;
    private final RouteSettingsBinder settingsBinder;
    private final MetadataBinder labelsBinder;

    TrafficBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
        this.matches = new RequestMatchBinder(context, values);
        this.settingsBinder = new RouteSettingsBinder(context, values);
        this.labelsBinder = new MetadataBinder(context, values);
    }

    /** The policy, or empty when any part of it is wrong (and reported). */
    Optional<TrafficPolicy> bind(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.TRAFFIC, context).flatMap(fields -> {
            Optional<List<Subset>> subsets = fields.optional("subsets", this::subsets, List.<Subset>of());
            Optional<RouteSettings> defaults = settingsBinder.bind(fields, path);
            Optional<CircuitBreaker> circuitBreaker = fields.optional("circuitBreaker", this::circuitBreaker,
                    CircuitBreaker.DEFAULT);
            Optional<List<TrafficRoute>> routes = fields.optional("routes", this::routes, List.<TrafficRoute>of());
            if (subsets.isEmpty() || defaults.isEmpty() || circuitBreaker.isEmpty() || routes.isEmpty()) {
                return Optional.empty();
            }
            return checked(Position.of(node), path, () -> new TrafficPolicy(subsets.get(), defaults.get(),
                    circuitBreaker.get(), routes.get()));
        });
    }

    private Optional<List<Subset>> subsets(Node node, ElementPath path) {
        return NamedEntries.read(node, path, "a mapping of subset names to labels, such as { v1: { version: v1 } }", context)
                .flatMap(entries -> {
                    List<Subset> subsets = new ArrayList<>();
                    for (NamedEntries.Entry entry : entries) {
                        subset(entry).ifPresent(subsets::add);
                    }
                    return subsets.size() == entries.size() ? Optional.of(subsets) : Optional.empty();
                });
    }

    private Optional<Subset> subset(NamedEntries.Entry entry) {
        boolean named = DnsLabel.isValid(entry.name());
        if (!named) {
            context.problems().add(Position.of(entry.keyNode()), entry.path(), ValueReader.notLabel("subset name", entry.name()));
        }
        Optional<Map<String, String>> labels = labelsBinder.bind(entry.value(), entry.path(), "subset labels");
        if (!named || labels.isEmpty()) {
            return Optional.empty();
        }
        // What is left to refuse is a subset without labels, which would select every endpoint.
        return checked(Position.of(entry.value()), entry.path(), () -> new Subset(entry.name(), labels.get()));
    }

    private Optional<CircuitBreaker> circuitBreaker(Node node, ElementPath path) {
        CircuitBreaker defaults = CircuitBreaker.DEFAULT;
        return MappingFields.of(node, path, FormatKeys.CIRCUIT_BREAKER, context).flatMap(fields -> {
            Optional<Integer> connections = fields.optional("maxConnections", this::limit, defaults.maxConnections());
            Optional<Integer> pending = fields.optional("maxPendingRequests", this::limit, defaults.maxPendingRequests());
            Optional<Integer> requests = fields.optional("maxRequests", this::limit, defaults.maxRequests());
            if (connections.isEmpty() || pending.isEmpty() || requests.isEmpty()) {
                return Optional.empty();
            }
            return checked(Position.of(node), path, () -> new CircuitBreaker(connections.get(), pending.get(), requests.get()));
        });
    }

    private Optional<Integer> limit(Node node, ElementPath path) {
        return values.count(node, path, 1, CircuitBreaker.MAX).map(Long::intValue);
    }

    private Optional<List<TrafficRoute>> routes(Node node, ElementPath path) {
        return values.list(node, path, "a list of routes").flatMap(items -> {
            List<TrafficRoute> routes = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            for (ValueReader.Item item : items) {
                route(item.node(), item.path()).ifPresent(route -> {
                    routes.add(route);
                    bound.add(item.path());
                });
            }
            context.sources().recordItems(path, bound);
            if (bound.size() != items.size()) {
                return Optional.empty();
            }
            int size = routes.stream().mapToInt(TrafficBinder::items).sum();
            if (size > MAX_ROUTE_ITEMS) {
                return problem(node, path, "the routes have " + size + " items (each route, and each path, method, header"
                        + " and destination in it), more than the limit of " + MAX_ROUTE_ITEMS + " for one service;"
                        + " refusing routes too many to check for overlaps");
            }
            return Optional.of(routes);
        });
    }

    private static int items(TrafficRoute route) {
        RouteMatch match = route.match();
        return 1 + match.paths().size() + match.methods().size() + match.headers().size() + route.split().size();
    }

    private Optional<TrafficRoute> route(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.ROUTE, context).flatMap(fields -> {
            Optional<Optional<String>> name = fields.optional("name",
                    (value, at) -> values.label(value, at, "route name").map(Optional::of), Optional.empty());
            Optional<RouteMatch> match = fields.optional("match", this::match, RouteMatch.ANY);
            Optional<List<Destination>> split = fields.optional("split", this::split, List.<Destination>of());
            Optional<RouteSettings> settings = settingsBinder.bind(fields, path);
            if (name.isEmpty() || match.isEmpty() || split.isEmpty() || settings.isEmpty()) {
                return Optional.empty();
            }
            return checked(Position.of(node), path, () -> new TrafficRoute(name.get(), match.get(), split.get(),
                    settings.get()));
        });
    }

    /** {@code match: {}} is the same as leaving {@code match} out: every call. */
    private Optional<RouteMatch> match(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.ROUTE_MATCH, context).flatMap(fields -> {
            Optional<List<PathMatch>> paths = matches.paths(fields);
            Optional<Set<String>> methods = matches.methods(fields);
            Optional<List<HeaderMatch>> headers = matches.headers(fields);
            if (paths.isEmpty() || methods.isEmpty() || headers.isEmpty()) {
                return Optional.empty();
            }
            return checked(Position.of(node), path, () -> new RouteMatch(paths.get(), methods.get(), headers.get()));
        });
    }

    /** {@code split: []} is refused: it reads as "nowhere", but would mean the service's usual endpoints. */
    private Optional<List<Destination>> split(Node node, ElementPath path) {
        return matches.all(node, path, "a list of destinations",
                Optional.of("expected at least one destination (to send calls to the service's usual endpoints,"
                        + " leave out 'split')"), this::destination);
    }

    private Optional<Destination> destination(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.DESTINATION, context).flatMap(fields -> {
            // Both kinds are read when both are written, so that their own problems are reported too.
            Optional<String> subset = fields.has("subset")
                    ? fields.required("subset", (value, at) -> values.label(value, at, "subset name")) : Optional.empty();
            Optional<RegionName> region = fields.has("region")
                    ? fields.required("region", (value, at) -> values.label(value, at, "region name").map(RegionName::new))
                    : Optional.empty();
            Optional<String> kind = ExclusiveKeys.one(fields, node, path, FormatKeys.DESTINATION_KINDS, DESTINATION_RULE,
                    context);
            Optional<Integer> weight = fields.required("weight", (value, at) -> values.count(value, at, 0,
                    Destination.MAX_WEIGHT).map(Long::intValue));
            if (kind.isEmpty() || weight.isEmpty()) {
                return Optional.empty();
            }
            return kind.get().equals("subset")
                    ? subset.flatMap(name -> checked(Position.of(node), path, () -> new Destination.ToSubset(name, weight.get())))
                    : region.flatMap(name -> checked(Position.of(node), path, () -> new Destination.ToRegion(name, weight.get())));
        });
    }

    /** What {@code constructor} builds, or its refusal as a problem at {@code position}. */
    private <T> Optional<T> checked(Position position, ElementPath path, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            context.problems().add(position, path, e.getMessage());
            return Optional.empty();
        }
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}
