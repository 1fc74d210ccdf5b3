package dev.strait.policy.traffic;

import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.authz.RequestConditions;
import java.util.List;
import java.util.Objects;

/**
 * One service's traffic policy, compiled: {@link #select} finds the route of a call by trying the
 * routes in order, without allocating, and answers a {@link SelectedRoute} built in advance.
 */
public final class ServiceTraffic {
    /** A service without a policy: every call takes the implicit default route, with the defaults. */
    public static final ServiceTraffic DEFAULT = compile(TrafficPolicy.NONE);

    private final TrafficPolicy policy;
    private final RequestConditions[] matches;
    private final SelectedRoute[] routes;
    private final SelectedRoute defaultRoute;
    private final List<SelectedRoute> routeList;

    private ServiceTraffic(TrafficPolicy policy, RequestConditions[] matches, SelectedRoute[] routes,
            SelectedRoute defaultRoute) {
        this.policy = policy;
        this.matches = matches;
        this.routes = routes;
        this.defaultRoute = defaultRoute;
        this.routeList = List.of(routes);
    }

    /** Compiles {@code policy} as it is; {@link CompiledTraffic#compile} checks it first. */
    static ServiceTraffic compile(TrafficPolicy policy) {
        List<TrafficRoute> configured = policy.routes();
        RequestConditions[] matches = new RequestConditions[configured.size()];
        SelectedRoute[] routes = new SelectedRoute[configured.size()];
        for (int i = 0; i < configured.size(); i++) {
            matches[i] = configured.get(i).match().compile();
            routes[i] = new SelectedRoute(i, configured.get(i), policy.defaults());
        }
        SelectedRoute defaultRoute = new SelectedRoute(-1, TrafficRoute.of(RouteMatch.ANY), policy.defaults());
        return new ServiceTraffic(policy, matches, routes, defaultRoute);
    }

    /**
     * The route of a call: the first route whose match holds, else the implicit default route.
     *
     * @param method  the request method
     * @param path    the request path, already normalized, without query
     * @param headers the request headers
     */
    public SelectedRoute select(String method, String path, HeaderLookup headers) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        for (int i = 0; i < matches.length; i++) {
            if (matches[i].matches(method, path, headers)) {
                return routes[i];
            }
        }
        return defaultRoute;
    }

    /** The service-wide limits on calls and connections in flight. */
    public CircuitBreaker circuitBreaker() {
        return policy.circuitBreaker();
    }

    /** The service's subsets, in config order. */
    public List<Subset> subsets() {
        return policy.subsets();
    }

    /** The configured routes, in order, as {@link #select} answers them. */
    public List<SelectedRoute> routes() {
        return routeList;
    }

    /** The route of calls that no configured route takes. */
    public SelectedRoute defaultRoute() {
        return defaultRoute;
    }

    /** The policy this was compiled from. */
    public TrafficPolicy policy() {
        return policy;
    }
}
