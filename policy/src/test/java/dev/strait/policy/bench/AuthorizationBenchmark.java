package dev.strait.policy.bench;

import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.Decision;
import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * One authorization decision against a service with 1,000 rules, the shape the issue asks to be
 * measured. Not a test: run with {@code policy/bench/policy-bench.sh}; results go into
 * docs/benchmarks.md.
 *
 * <ul>
 *   <li>{@code specific}: every rule names one calling service and one path prefix (how operators
 *       write rules per caller); the call matches rule 700.</li>
 *   <li>{@code mixed}: the same, plus 100 rules for whole regions and 50 deny rules with path
 *       patterns that every call must be checked against.</li>
 *   <li>{@code wildcards}: every rule matches any authenticated caller and differs only in its
 *       path pattern, so no index narrows them: the worst case.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class AuthorizationBenchmark {
    private static final TrustDomain DOMAIN = new TrustDomain("strait.bench");
    private static final RegionName HOME = RegionName.of("eu-west");
    private static final RegionName CALLERS = RegionName.of("us-east");
    private static final ServiceName SERVICE = ServiceName.of("payments");
    private static final int RULES = 1_000;

    @Param({"specific", "mixed", "wildcards"})
    public String shape;

    private CompiledAuthorization compiled;
    private CallerIdentity allowedCaller;
    private CallerIdentity unknownCaller;
    private HeaderLookup headers;

    @Setup
    public void compile() {
        List<AuthorizationRule> rules = new ArrayList<>();
        switch (shape) {
            case "specific" -> specific(rules, RULES);
            case "mixed" -> {
                specific(rules, RULES - 150);
                for (int i = 0; i < 100; i++) {
                    rules.add(AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("region:r-" + i)))
                            .withPaths(List.of(PathMatch.prefix("/regional/" + i))));
                }
                for (int i = 0; i < 50; i++) {
                    rules.add(AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("*")))
                            .withPaths(List.of(PathMatch.pattern("/internal/" + i + "/**"))));
                }
            }
            case "wildcards" -> {
                for (int i = 0; i < RULES; i++) {
                    rules.add(AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("*")))
                            .withPaths(List.of(PathMatch.pattern("/v1/*/items-" + i + "/**"))));
                }
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        compiled = CompiledAuthorization.compile(List.of(new ServiceAuthorization(SERVICE, rules)));
        allowedCaller = CallerIdentity.authenticated(SpiffeId.service(DOMAIN, CALLERS, ServiceName.of("caller-700")));
        unknownCaller = CallerIdentity.authenticated(SpiffeId.service(DOMAIN, CALLERS, ServiceName.of("stranger")));
        headers = HeaderLookup.of(Map.of("x-env", "prod"));
    }

    private static void specific(List<AuthorizationRule> rules, int count) {
        for (int i = 0; i < count; i++) {
            rules.add(AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:caller-" + i)))
                    .withMethods(Set.of("GET", "POST"))
                    .withPaths(List.of(PathMatch.prefix("/api/" + i))));
        }
    }

    /** A call one rule allows. */
    @Benchmark
    public Decision allowed() {
        String path = shape.equals("wildcards") ? "/v1/orders/items-700/9" : "/api/700/orders";
        return compiled.decide(SERVICE, HOME, allowedCaller, "GET", path, headers);
    }

    /** A call no rule allows: every candidate rule is looked at before the default denies it. */
    @Benchmark
    public Decision deniedByDefault() {
        return compiled.decide(SERVICE, HOME, unknownCaller, "GET", "/api/700/orders", headers);
    }
}
