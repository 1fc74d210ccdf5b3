package dev.strait.policy.bench;

import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.CompiledTraffic;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.RouteMatch;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.SelectedRoute;
import dev.strait.policy.traffic.ServiceTraffic;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficCheck;
import dev.strait.policy.traffic.TrafficPolicy;
import dev.strait.policy.traffic.TrafficProblem;
import dev.strait.policy.traffic.TrafficRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route selection ({@link ServiceTraffic#select}) for one service, whose routes are tried in order,
 * and the pick of a 3-way split. Not a test: run with {@code policy/bench/policy-bench.sh
 * TrafficBenchmark}; results go into docs/benchmarks.md.
 *
 * <p>Route {@code i} lives under {@code /api/v<1 + i / 100>/<resource>-<i % 100>}, and its kind
 * cycles with {@code i % 5}:
 * <ol start="0">
 *   <li>a path prefix, {@code /api/v1/items-0};</li>
 *   <li>an exact path, {@code /api/v1/orders-1/summary};</li>
 *   <li>a pattern, {@code /api/v1/users-2/}{@code *}{@code /profile};</li>
 *   <li>a path prefix for {@code POST} and {@code PUT} only, {@code /api/v1/carts-3};</li>
 *   <li>a path prefix for {@code GET} calls with {@code x-tenant: tenant-4}, {@code /api/v1/reports-4}.</li>
 * </ol>
 * No two routes share a path, so none shadows another, and none is a catch-all: a call no route
 * takes is tried against every one before it gets the implicit default route. Route 0 splits its
 * calls three ways.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class TrafficBenchmark {
    private static final RegionName HOME = RegionName.of("eu-west");
    private static final RegionName OTHER = RegionName.of("us-east");
    private static final ServiceName SERVICE = ServiceName.of("catalog");
    private static final List<Subset> SUBSETS = List.of(
            new Subset("stable", Map.of("version", "v1")), new Subset("canary", Map.of("version", "v2")));
    /** A power of two, so that the next roll is one mask away. */
    private static final int ROLLS = 1_024;

    @Param({"10", "1000"})
    public int routes;

    private ServiceTraffic traffic;
    private HeaderLookup headers;
    private String firstPath;
    private String middlePath;
    private String unmatchedPath;
    private SelectedRoute split;
    private double[] rolls;
    private int nextRoll;

    @Setup
    public void compile() {
        List<TrafficRoute> configured = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            configured.add(route(i));
        }
        configured.set(0, configured.get(0).withSplit(List.of(new Destination.ToSubset("stable", 80),
                new Destination.ToSubset("canary", 15), new Destination.ToRegion(OTHER, 5))));
        TrafficPolicy policy = new TrafficPolicy(SUBSETS, RouteSettings.NONE, CircuitBreaker.DEFAULT, configured);
        List<TrafficProblem> problems = TrafficCheck.problems(policy, HOME, Set.of(HOME, OTHER));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the benchmark's policy has problems (expected: none): " + problems);
        }
        traffic = CompiledTraffic.compile(Map.of(SERVICE, policy)).service(SERVICE);
        headers = HeaderLookup.of(Map.of("x-tenant", "tenant-7", "accept", "application/json"));

        int middle = routes / 2;
        firstPath = base(0) + "/42";
        middlePath = base(middle) + "/42";
        unmatchedPath = "/api/v1/search/42";
        expect("first", firstPath, 0);
        expect("middle", middlePath, middle);
        expect("unmatched", unmatchedPath, -1);
        split = traffic.routes().get(0);

        SplittableRandom random = new SplittableRandom(7);
        rolls = new double[ROLLS];
        for (int i = 0; i < ROLLS; i++) {
            rolls[i] = random.nextDouble();
        }
    }

    /** Route {@code i}: its kind and its path as the class comment lays them out. */
    private static TrafficRoute route(int i) {
        String version = "/api/v" + (1 + i / 100);
        int n = i % 100;
        RouteMatch match = switch (i % 5) {
            case 0 -> match(PathMatch.prefix(base(i)), Set.of(), List.of());
            case 1 -> match(PathMatch.exact(version + "/orders-" + n + "/summary"), Set.of(), List.of());
            case 2 -> match(PathMatch.pattern(version + "/users-" + n + "/*/profile"), Set.of(), List.of());
            case 3 -> match(PathMatch.prefix(version + "/carts-" + n), Set.of("POST", "PUT"), List.of());
            default -> match(PathMatch.prefix(version + "/reports-" + n), Set.of("GET"),
                    List.of(new HeaderMatch("x-tenant", new HeaderMatch.Exact("tenant-" + n))));
        };
        return TrafficRoute.of(match);
    }

    private static RouteMatch match(PathMatch path, Set<String> methods, List<HeaderMatch> headers) {
        return new RouteMatch(List.of(path), methods, headers);
    }

    /** The prefix of route {@code i} when it is of the first kind (a plain path prefix). */
    private static String base(int i) {
        if (i % 5 != 0) {
            throw new IllegalArgumentException("route " + i + " is not a plain prefix (expected: a multiple of 5)");
        }
        return "/api/v" + (1 + i / 100) + "/items-" + (i % 100);
    }

    private void expect(String call, String path, int index) {
        int selected = traffic.select("GET", path, headers).index();
        if (selected != index) {
            throw new IllegalStateException("the " + call + " call GET " + path + " takes route " + selected
                    + " (expected: " + index + ")");
        }
    }

    /** A call the first route takes. */
    @Benchmark
    public SelectedRoute selectFirst() {
        return traffic.select("GET", firstPath, headers);
    }

    /** A call the route in the middle takes, after every route before it has been tried. */
    @Benchmark
    public SelectedRoute selectMiddle() {
        return traffic.select("GET", middlePath, headers);
    }

    /** A call no route takes: every route is tried before the implicit default route. */
    @Benchmark
    public SelectedRoute selectUnmatched() {
        return traffic.select("GET", unmatchedPath, headers);
    }

    /** Route 0's split (80 / 15 / 5) for one of 1,024 uniform rolls in turn; the same whatever {@code routes}. */
    @Benchmark
    public Optional<Destination> pickSplit() {
        return split.pick(rolls[nextRoll++ & (ROLLS - 1)]);
    }
}
