package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.model.ServiceName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which route a call takes, and the settings it ends up with. */
class ServiceTrafficTest {
    private static final ServiceName ORDERS = ServiceName.of("orders");

    private static final List<Subset> SUBSETS = List.of(
            new Subset("v1", Map.of("version", "v1")), new Subset("v2", Map.of("version", "v2")));

    /** Narrow routes first, as a policy must have them. */
    private static final TrafficPolicy POLICY = new TrafficPolicy(SUBSETS, RouteSettings.NONE, CircuitBreaker.DEFAULT, List.of(
            TrafficRoute.of(Matches.parse("path=prefix:/api methods=GET header=x-canary=1")).withName("canary"),
            TrafficRoute.of(Matches.parse("path=exact:/api/orders methods=POST")),
            TrafficRoute.of(Matches.parse("path=pattern:/api/*/orders")).withName("versioned"),
            TrafficRoute.of(Matches.parse("path=prefix:/api")).withName("api")));

    @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/orders     | x-canary=1 | 0  | canary
            GET    | /api/orders     | x-canary=0 | 3  | api
            POST   | /api/orders     | x-canary=1 | 1  | route-1
            GET    | /api/v2/orders  |            | 2  | versioned
            GET    | /api/v2/orders  | x-canary=1 | 0  | canary
            DELETE | /api/v2/orders  |            | 2  | versioned
            PUT    | /api/orders     |            | 3  | api
            GET    | /web            | x-canary=1 | -1 | default
            GET    | /apiv2          |            | -1 | default
            """)
    void takesTheFirstRouteThatMatchesElseTheDefaultRoute(String method, String path, String headers, int index, String name) {
        ServiceTraffic traffic = CompiledTraffic.compile(Map.of(ORDERS, POLICY)).service(ORDERS);

        SelectedRoute route = traffic.select(method, path, Matches.headers(headers == null ? "" : headers));

        assertThat(route.index()).isEqualTo(index);
        assertThat(route.name()).isEqualTo(name);
        assertThat(route).isSameAs(index < 0 ? traffic.defaultRoute() : traffic.routes().get(index));
    }

    @Test
    void servicesWithoutAPolicyGetTheDefaults() {
        CompiledTraffic compiled = CompiledTraffic.compile(Map.of(ORDERS, POLICY));
        ServiceTraffic other = compiled.service(ServiceName.of("billing"));

        assertThat(other).isSameAs(ServiceTraffic.DEFAULT);
        assertThat(CompiledTraffic.EMPTY.service(ORDERS)).isSameAs(ServiceTraffic.DEFAULT);
        SelectedRoute route = other.select("GET", "/api/orders", HeaderLookup.NONE);
        assertThat(route.index()).isEqualTo(-1);
        assertThat(route.name()).isEqualTo("default");
        assertThat(route.settings()).isEqualTo(RouteSettings.NONE);
        assertThat(route.retries()).isEqualTo(RetryRules.DEFAULT);
        assertThat(route.hasSplit()).isFalse();
        assertThat(route.pick(0.5)).isEmpty();
        assertThat(other.circuitBreaker()).isEqualTo(CircuitBreaker.DEFAULT);
        assertThat(other.subsets()).isEmpty();
        assertThat(compiled.service(ORDERS).subsets()).isEqualTo(SUBSETS);
    }

    @Test
    void aRouteOverridesTheServiceDefaultsFieldByField() {
        RetryRules serviceRetries = new RetryRules(2, Set.of(RetryOn.RESET), Set.of(), Backoff.NONE);
        RetryRules routeRetries = new RetryRules(4, Set.of(RetryOn.GATEWAY_ERROR), Set.of(), new Backoff(ms(25), ms(250)));
        RouteSettings defaults = RouteSettings.NONE.withTimeout(ms(2000)).withPerTryTimeout(ms(500)).withRetries(serviceRetries)
                .withRateLimit(new RateLimit(50, 100))
                .withRequestHeaders(new HeaderEdits(Map.of("x-env", "prod"), Map.of("x-via", "strait"), List.of("x-debug")))
                .withResponseHeaders(new HeaderEdits(Map.of(), Map.of(), List.of("server")));
        RouteSettings routeOwn = RouteSettings.NONE.withTimeout(ms(1000)).withRetries(routeRetries)
                .withRequestHeaders(new HeaderEdits(Map.of("x-via", "canary"), Map.of(), List.of("x-env")));
        TrafficPolicy policy = new TrafficPolicy(List.of(), defaults, new CircuitBreaker(100, 10, 200), List.of(
                TrafficRoute.of(Matches.parse("path=prefix:/api")).withSettings(routeOwn),
                TrafficRoute.of(Matches.parse("path=prefix:/web"))));
        ServiceTraffic traffic = CompiledTraffic.compile(Map.of(ORDERS, policy)).service(ORDERS);

        SelectedRoute api = traffic.select("GET", "/api", HeaderLookup.NONE);
        assertThat(api.settings().timeout()).contains(ms(1000));
        assertThat(api.settings().perTryTimeout()).contains(ms(500));
        assertThat(api.retries()).isEqualTo(routeRetries);
        assertThat(api.settings().rateLimit()).contains(new RateLimit(50, 100));
        assertThat(api.settings().requestHeaders())
                .isEqualTo(new HeaderEdits(Map.of("x-via", "canary"), Map.of(), List.of("x-debug", "x-env")));
        assertThat(api.settings().responseHeaders()).isEqualTo(new HeaderEdits(Map.of(), Map.of(), List.of("server")));

        SelectedRoute web = traffic.select("GET", "/web", HeaderLookup.NONE);
        assertThat(web.settings()).isEqualTo(defaults);
        assertThat(web.retries()).isEqualTo(serviceRetries);
        assertThat(traffic.select("GET", "/other", HeaderLookup.NONE).settings()).isEqualTo(defaults);
        assertThat(traffic.circuitBreaker()).isEqualTo(new CircuitBreaker(100, 10, 200));
    }

    @Test
    void compilingRefusesPoliciesWithProblems() {
        TrafficPolicy shadowed = new TrafficPolicy(List.of(), RouteSettings.NONE, CircuitBreaker.DEFAULT, List.of(
                TrafficRoute.of(RouteMatch.ANY), TrafficRoute.of(Matches.parse("path=prefix:/api")).withName("api")));

        assertThatThrownBy(() -> CompiledTraffic.compile(Map.of(ORDERS, shadowed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("traffic policies are not valid: service 'orders': routes[1].match: never matches: route [0]"
                        + " before it matches every call (expected: routes before the catch-all route, which comes last)");
    }

    @Test
    void selectingAllocatesNothing() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads).isInstanceOf(com.sun.management.ThreadMXBean.class);
        var allocation = (com.sun.management.ThreadMXBean) threads;
        assumeThat(allocation.isThreadAllocatedMemorySupported() && allocation.isThreadAllocatedMemoryEnabled()).isTrue();
        ServiceTraffic traffic = CompiledTraffic.compile(Map.of(ORDERS, POLICY)).service(ORDERS);
        Optional<String> canary = Optional.of("1");
        HeaderLookup headers = name -> name.equals("x-canary") ? canary : Optional.empty();
        String[][] calls = {{"GET", "/api/orders"}, {"POST", "/api/orders"}, {"GET", "/api/v2/orders"}, {"GET", "/web"}};
        long threadId = Thread.currentThread().threadId();
        int found = 0;
        for (int i = 0; i < 20_000; i++) { // let the JIT settle first
            found += traffic.select(calls[i & 3][0], calls[i & 3][1], headers).index() + 1;
        }

        long before = allocation.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 100_000; i++) {
            found += traffic.select(calls[i & 3][0], calls[i & 3][1], headers).index() + 1;
        }
        long allocated = allocation.getThreadAllocatedBytes(threadId) - before;

        assertThat(found).isNotZero();
        // Far less than one byte a call: what is left is the measuring itself.
        assertThat(allocated).isLessThan(10_000);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
