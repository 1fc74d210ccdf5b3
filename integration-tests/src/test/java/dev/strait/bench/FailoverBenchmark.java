package dev.strait.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;
import org.slf4j.LoggerFactory;

/**
 * Benchmarks failover on a three-region federation on loopback (region a with three gateway
 * nodes, b and c with one each, real certificates, real Ratis groups): how long until calls
 * under load have moved when a's own endpoint stops and when b goes dark, how many calls fail
 * meanwhile, how long until they come back, and how long a catalog change in b takes to reach
 * every node of a. Each measurement is repeated {@code --runs} times. Prints a Markdown report and
 * writes it to {@code --out}.
 *
 * <pre>
 * FailoverBenchmark [--runs=10] [--rate=500] [--steady=1s] [--outage=2s] [--failback-window=7s]
 *                   [--dark-window=3s] [--poll=5ms] [--scenarios=local,dark,catalog] [--logs=warn] [--out=FILE]
 * </pre>
 * Exit codes: 0 done, 1 the benchmark failed, 2 usage error.
 */
public final class FailoverBenchmark {
    private static final String USAGE = "usage: FailoverBenchmark [--runs=10] [--rate=500] [--steady=1s] [--outage=2s]"
            + " [--failback-window=7s] [--dark-window=3s] [--poll=5ms] [--scenarios=local,dark,catalog] [--logs=warn] [--out=FILE]";
    private static final Set<String> SCENARIOS = Set.of("local", "dark", "catalog");

    // The fast active check every service gets; its bound is interval × unhealthyThreshold = 200 ms.
    static final String HEALTH_CHECK =
            "healthCheck: { tcp: true, interval: 100ms, timeout: 50ms, unhealthyThreshold: 2, healthyThreshold: 2 }";

    /**
     * What to run; durations are written like {@code 2s} or {@code 5ms}.
     *
     * @param runs           repetitions of each scenario
     * @param rate           calls per second of the load, over a's three nodes together
     * @param steady         load before each failure, all of it expected where it belongs
     * @param outage         how long a's endpoint stays down before it starts again
     * @param failbackWindow how long after the endpoint starts again calls are watched coming back
     * @param darkWindow     how long after b starts to close calls are watched moving to c
     * @param poll           how often routes are polled on each node
     * @param scenarios      which of local, dark and catalog to run, in that order
     * @param gatewayLogs    whether the nodes' INFO logs (probe verdicts, streams, elections) go to stderr, to investigate
     * @param out            where the report goes
     * @param given          the arguments as given, for the report
     */
    record Options(int runs, int rate, Duration steady, Duration outage, Duration failbackWindow, Duration darkWindow,
            Duration poll, Set<String> scenarios, boolean gatewayLogs, Path out, List<String> given) {
        static Options parse(String[] args) {
            int runs = 10;
            int rate = 500;
            Duration steady = Duration.ofSeconds(1);
            Duration outage = Duration.ofSeconds(2);
            Duration failbackWindow = Duration.ofSeconds(7);
            Duration darkWindow = Duration.ofSeconds(3);
            Duration poll = Duration.ofMillis(5);
            Set<String> scenarios = new LinkedHashSet<>(List.of("local", "dark", "catalog"));
            boolean gatewayLogs = false;
            Path out = Path.of("target", "bench", "failover-bench-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".md");
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("'" + arg + "' is not an option (expected: --name=value)");
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                switch (name) {
                    case "runs" -> runs = OptionValues.atLeast(1, name, value);
                    case "rate" -> rate = OptionValues.atLeast(10, name, value);
                    case "steady" -> steady = OptionValues.duration(name, value);
                    case "outage" -> outage = OptionValues.duration(name, value);
                    case "failback-window" -> failbackWindow = OptionValues.duration(name, value);
                    case "dark-window" -> darkWindow = OptionValues.duration(name, value);
                    case "poll" -> poll = OptionValues.duration(name, value);
                    case "scenarios" -> {
                        scenarios = new LinkedHashSet<>();
                        for (String s : value.split(",")) {
                            if (!SCENARIOS.contains(s.strip())) {
                                throw new IllegalArgumentException("--scenarios: unknown scenario '" + s.strip()
                                        + "' (expected: local, dark, catalog)");
                            }
                            scenarios.add(s.strip());
                        }
                    }
                    case "logs" -> gatewayLogs = switch (value) {
                        case "info" -> true;
                        case "warn" -> false;
                        default -> throw new IllegalArgumentException("--logs=" + value + ": expected info or warn");
                    };
                    case "out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option '--" + name + "'");
                }
            }
            return new Options(runs, rate, steady, outage, failbackWindow, darkWindow, poll, Set.copyOf(scenarios), gatewayLogs,
                    out, List.of(args));
        }
    }

    private FailoverBenchmark() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // The load sets Host to a mesh name; java.net.http refuses that unless told otherwise, and reads the
        // property once, when its first client is built (the bench profile also passes it).
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
        quietLogs(options.gatewayLogs());
        loadOwnClasses();
        try {
            String report = run(options);
            System.out.println(report);
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.writeString(options.out(), report);
            System.err.println("report written to " + options.out().toAbsolutePath());
        } catch (Exception | AssertionError e) {
            System.err.println("the benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // Ratis, gRPC and Jetty leave non-daemon threads behind after close; the report is out, so stop here.
        System.exit(0);
    }

    static String run(Options options) throws Exception {
        Instant started = Instant.now();
        String loadAtStart = loadAverage();
        Path directory = Files.createTempDirectory("strait-failover-bench-");
        List<LocalFailover.Result> local = new ArrayList<>();
        List<DarkRegion.Result> dark = new ArrayList<>();
        List<CatalogPropagation.Result> catalog = new ArrayList<>();
        Duration took;
        ThreeRegions federation = new ThreeRegions(directory)
                .nodes(ThreeRegions.A, 3)
                .service(ThreeRegions.A, LocalFailover.SERVICE, HEALTH_CHECK)
                .service(ThreeRegions.B, LocalFailover.SERVICE, HEALTH_CHECK)
                .service(ThreeRegions.B, DarkRegion.SERVICE, HEALTH_CHECK)
                .service(ThreeRegions.C, DarkRegion.SERVICE, HEALTH_CHECK);
        try {
            long t0 = System.nanoTime();
            federation.start();
            progress("federation up in %d ms", (System.nanoTime() - t0) / 1_000_000);
            warmUp(federation, options);
            if (options.scenarios().contains("local")) {
                for (int run = 1; run <= options.runs(); run++) {
                    LocalFailover.Result r = LocalFailover.run(federation, options);
                    progress("local %d (stop at %s): first to b %s ms, all to b %s ms, routes without a %s ms;"
                                    + " first back %s ms, routes with a %s ms, all back %s ms;"
                                    + " %d calls, %d failed %s; %d in flight at the stop, %d of them answered by b",
                            run, r.stoppedAt(), r.toFirstRerouted(), r.toFullReroute(), r.toRoutesWithout(),
                            r.toFirstBack(), r.toRoutesWith(), r.toFullFailback(),
                            r.calls(), r.failed(), r.failures(), r.inFlight(), r.inFlightToNext());
                    local.add(r);
                }
            }
            if (options.scenarios().contains("dark")) {
                for (int run = 1; run <= options.runs(); run++) {
                    DarkRegion.Result r = DarkRegion.run(federation, options);
                    progress("dark %d (close at %s): port refused %s ms, first to c %s ms, all to c %s ms,"
                                    + " routes without b %s ms %s, close %s ms; %d calls, %d failed %s;"
                                    + " %d in flight at the close, %d of them answered by c; b back in %s ms",
                            run, r.closedAt(), r.toPortRefused(), r.toFirstRerouted(), r.toFullReroute(), r.toRoutesWithout(),
                            r.routesWithoutPerNode(), r.close(), r.calls(), r.failed(), r.failures(), r.inFlight(), r.inFlightToNext(),
                            r.recovery() + (r.portTaken() > 0 ? " (port taken " + r.portTaken() + "×)" : ""));
                    dark.add(r);
                }
            }
            if (options.scenarios().contains("catalog")) {
                for (int run = 1; run <= options.runs(); run++) {
                    CatalogPropagation.Result r = CatalogPropagation.run(federation, options, run);
                    progress("catalog %d: register: written %s ms, first a node %s ms, all a nodes %s ms;"
                                    + " deregister: written %s ms, first %s ms, all %s ms",
                            run, r.register().write(), r.register().firstNode(), r.register().allNodes(),
                            r.deregister().write(), r.deregister().firstNode(), r.deregister().allNodes());
                    catalog.add(r);
                }
            }
            took = Duration.ofNanos(System.nanoTime() - t0);
        } finally {
            federation.close();
            deleteTree(directory);
        }
        return report(options, federation, started, loadAtStart, took, local, dark, catalog);
    }

    /** Unrecorded load on both mesh names and one catalog round, so the first measured run is not the JIT's. */
    private static void warmUp(ThreeRegions federation, Options options) throws Exception {
        var home = federation.runningNodes(ThreeRegions.A);
        DarkRegion.awaitServedBy(federation, home.stream().map(n -> n.adminPort()).toList(), home);
        for (String host : List.of(LocalFailover.SERVICE + ".mesh", DarkRegion.SERVICE + ".mesh")) {
            OpenLoopLoad load = new OpenLoopLoad(home.stream().map(n -> "http://127.0.0.1:" + n.localPort()).toList(), host,
                    options.rate()).start();
            try {
                Thread.sleep(Duration.ofSeconds(2));
                List<OpenLoopLoad.Call> calls = load.stop();
                long failed = calls.stream().filter(OpenLoopLoad.Call::failed).count();
                progress("warm-up on %s: %d calls, %d failed", host, calls.size(), failed);
            } finally {
                load.close();
            }
        }
        CatalogPropagation.run(federation, options, 0);
    }

    private static String report(Options o, ThreeRegions federation, Instant started, String loadAtStart, Duration took,
            List<LocalFailover.Result> local, List<DarkRegion.Result> dark, List<CatalogPropagation.Result> catalog) {
        RegionConfig a = federation.config().region(ThreeRegions.A).orElseThrow();
        FederationTuning tuning = a.federation();
        HealthCheck.Active check = (HealthCheck.Active) a.service(ServiceName.of(LocalFailover.SERVICE)).orElseThrow().healthCheck();
        Duration checkBound = check.interval().multipliedBy(check.unhealthyThreshold());
        Duration recoverBound = check.interval().multipliedBy(check.healthyThreshold());
        Duration probeBound = tuning.probeBound();
        Duration probeBoundStopped = tuning.probeInterval().multipliedBy(tuning.probeThreshold());

        StringBuilder md = new StringBuilder();
        md.append("### Failover and catalog propagation: three regions on loopback\n\n");
        md.append("- date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", ").append(took.toSeconds())
                .append(" s from starting the federation to the last run\n");
        md.append("- arguments: ").append(o.given().isEmpty() ? "(none: the defaults)" : String.join(" ", o.given())).append('\n');
        md.append("- machine: `nproc` ").append(Runtime.getRuntime().availableProcessors()).append(", ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(", JDK ").append(Runtime.version()).append('\n');
        md.append("- load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ").append(loadAverage()).append('\n');
        md.append("- federation: region a with 3 gateway nodes, b and c with 1 each, one JVM, loopback, mTLS between regions;")
                .append(" failover order of a: b, c; every service with one echo endpoint and `").append(HEALTH_CHECK).append("`\n");
        md.append("- federation settings: the defaults (probe every ").append(tuning.probeInterval().toMillis())
                .append(" ms, timeout ").append(tuning.probeTimeout().toMillis()).append(" ms, threshold ")
                .append(tuning.probeThreshold()).append("; heartbeats ").append(tuning.heartbeatInterval().toMillis())
                .append(" ms, stale after ").append(tuning.staleAfter().toSeconds()).append(" s; failback ramp ")
                .append(tuning.failbackRamp().toSeconds()).append(" s)\n");
        md.append("- load: ").append(o.rate()).append(" GETs/s, open loop (each call on its own virtual thread at its")
                .append(" scheduled time), through a's three local listeners in turn, HTTP/1.1 keep-alive, 2 s timeout per call;")
                .append(" ").append(o.steady().toMillis()).append(" ms of steady load before each failure\n");
        md.append("- routes polled every ").append(o.poll().toMillis()).append(" ms on each node of a (`GET /v1/routes/{service}`);")
                .append(" a time \"until the routes\" is when the first answer showing the change arrived\n");
        md.append("- bounds (docs/failover.md): health check ").append(check.interval().toMillis()).append(" ms × ")
                .append(check.unhealthyThreshold()).append(" = ").append(checkBound.toMillis())
                .append(" ms to leave routing (plus a Raft commit and a snapshot rebuild), ")
                .append(recoverBound.toMillis()).append(" ms to return; probes ")
                .append(tuning.probeThreshold()).append(" × ").append(tuning.probeInterval().toMillis()).append(" + ")
                .append(tuning.probeTimeout().toMillis()).append(" = ").append(probeBound.toMillis()).append(" ms (")
                .append(probeBoundStopped.toMillis()).append(" ms for stopped processes)\n");

        if (!local.isEmpty()) {
            md.append("\n#### Local failover: a's endpoint of `svc` stops, calls move to b; it starts again after ")
                    .append(o.outage().toMillis()).append(" ms\n\n");
            md.append("Times in ms, ").append(local.size()).append(" runs; \">\" means not reached within the window (")
                    .append(o.outage().toMillis()).append(" ms after the stop, ").append(o.failbackWindow().toMillis())
                    .append(" ms after the restart).\n\n");
            tableHead(md);
            row(md, "stop → first call served by b", local, LocalFailover.Result::toFirstRerouted, null);
            row(md, "stop → **every call served by b** (full reroute)", local, LocalFailover.Result::toFullReroute, null);
            row(md, "stop → every a node's routes without a's endpoint", local, LocalFailover.Result::toRoutesWithout, checkBound);
            row(md, "stopping the echo (inside the above)", local, LocalFailover.Result::echoStop, null);
            row(md, "restart → first call served by a again", local, LocalFailover.Result::toFirstBack, null);
            row(md, "restart → every a node's routes with a's endpoint first", local, LocalFailover.Result::toRoutesWith, recoverBound);
            row(md, "restart → **every call served by a** (full failback)", local, LocalFailover.Result::toFullFailback, null);
            md.append('\n');
            md.append("Failed calls per run (of ").append(local.stream().mapToInt(LocalFailover.Result::calls).min().orElse(0))
                    .append("–").append(local.stream().mapToInt(LocalFailover.Result::calls).max().orElse(0))
                    .append(" calls each): ").append(joined(local, r -> Integer.toString(r.failed()))).append("; during the outage: ")
                    .append(joined(local, r -> Integer.toString(r.failedDuringOutage()))).append('\n');
            failures(md, local.stream().map(LocalFailover.Result::failures).toList());
            md.append("Calls in flight when the endpoint stopped, per run: ").append(joined(local, r -> Integer.toString(r.inFlight())))
                    .append("; of them answered by b: ").append(joined(local, r -> Integer.toString(r.inFlightToNext())))
                    .append("; calls done before the stop that a did not serve, all runs: ")
                    .append(local.stream().mapToInt(LocalFailover.Result::notHomeBefore).sum()).append('\n');
            perRun(md, "full reroute", local, LocalFailover.Result::toFullReroute);
            perRun(md, "routes without a's endpoint", local, LocalFailover.Result::toRoutesWithout);
            perRun(md, "full failback", local, LocalFailover.Result::toFullFailback);
        }

        if (!dark.isEmpty()) {
            md.append("\n#### Dark region: every gateway node of b stops; calls from a to `far` (served in b and c) move to c\n\n");
            md.append("Times in ms from the start of closing b's node, ").append(dark.size())
                    .append(" runs; \">\" means not reached within ").append(o.darkWindow().toMillis()).append(" ms.\n\n");
            tableHead(md);
            row(md, "close → b's peer listener refuses connections", dark, DarkRegion.Result::toPortRefused, null);
            row(md, "close → first call served by c", dark, DarkRegion.Result::toFirstRerouted, null);
            row(md, "close → **every call served by c** (full reroute)", dark, DarkRegion.Result::toFullReroute, null);
            row(md, "close → every a node's routes without b (probes)", dark, DarkRegion.Result::toRoutesWithout, probeBound);
            row(md, "closing b's node (`GatewayNode.close()`)", dark, DarkRegion.Result::close, null);
            md.append('\n');
            md.append("Counted from b's listener refusing instead: every a node's routes without b after ")
                    .append(summary(dark.stream().map(r -> minus(r.toRoutesWithout(), r.toPortRefused())).toList()))
                    .append(" ms (median, p90, max); the bound for a stopped process is ").append(probeBoundStopped.toMillis())
                    .append(" ms.\n\n");
            md.append("Failed calls per run (of ").append(dark.stream().mapToInt(DarkRegion.Result::calls).min().orElse(0))
                    .append("–").append(dark.stream().mapToInt(DarkRegion.Result::calls).max().orElse(0))
                    .append(" calls each): ").append(joined(dark, r -> Integer.toString(r.failed()))).append('\n');
            failures(md, dark.stream().map(DarkRegion.Result::failures).toList());
            md.append("Calls in flight when b began to close, per run: ").append(joined(dark, r -> Integer.toString(r.inFlight())))
                    .append("; of them answered by c: ").append(joined(dark, r -> Integer.toString(r.inFlightToNext())))
                    .append("; calls done before the close that b did not serve, all runs: ")
                    .append(dark.stream().mapToInt(DarkRegion.Result::notDarkBefore).sum()).append('\n');
            perRun(md, "full reroute", dark, DarkRegion.Result::toFullReroute);
            perRun(md, "routes without b", dark, DarkRegion.Result::toRoutesWithout);
            perRun(md, "b restarted until a routes to it again", dark, DarkRegion.Result::recovery);
            int portTaken = dark.stream().mapToInt(DarkRegion.Result::portTaken).sum();
            if (portTaken > 0) {
                md.append("\nRestarting b found one of its ports bound by another socket ").append(portTaken)
                        .append(" time(s); each was retried after 1 s (inside the restart times above).\n");
            }
        }

        if (!catalog.isEmpty()) {
            md.append("\n#### Catalog propagation: an endpoint of `svc` registered in b, then deregistered, until every node of a")
                    .append(" shows b's new healthy count\n\n");
            md.append("Times in ms from sending the admin request to b's node, ").append(catalog.size()).append(" runs.\n\n");
            tableHead(md);
            row(md, "register: b's admin API answers (committed in b)", catalog, r -> r.register().write(), null);
            row(md, "register: first node of a", catalog, r -> r.register().firstNode(), null);
            row(md, "register: **every node of a**", catalog, r -> r.register().allNodes(), null);
            row(md, "deregister: b's admin API answers", catalog, r -> r.deregister().write(), null);
            row(md, "deregister: first node of a", catalog, r -> r.deregister().firstNode(), null);
            row(md, "deregister: **every node of a**", catalog, r -> r.deregister().allNodes(), null);
            md.append('\n');
            perRun(md, "register, every node", catalog, r -> r.register().allNodes());
            perRun(md, "deregister, every node", catalog, r -> r.deregister().allNodes());
        }
        return md.toString();
    }

    private static void tableHead(StringBuilder md) {
        md.append("| from → to | median | p90 | max | min | over the bound |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
    }

    private static <R> void row(StringBuilder md, String what, List<R> runs, Function<R, Elapsed> measure, Duration bound) {
        List<Elapsed> values = runs.stream().map(measure).toList();
        double[] ms = values.stream().mapToDouble(Elapsed::millis).sorted().toArray();
        long missed = values.stream().filter(e -> !e.reached()).count();
        String over = bound == null ? "" : values.stream().filter(e -> !e.reached() || e.millis() > bound.toMillis()).count()
                + " of " + values.size() + " over " + bound.toMillis();
        md.append("| ").append(what)
                .append(" | ").append(fmt(median(ms))).append(" | ").append(fmt(percentile(ms, 90)))
                .append(" | ").append(missed > 0 ? ">" : "").append(fmt(ms[ms.length - 1]))
                .append(" | ").append(fmt(ms[0]))
                .append(" | ").append(over).append(missed > 0 ? (over.isEmpty() ? "" : "; ") + missed + " not reached" : "")
                .append(" |\n");
    }

    private static String summary(List<Elapsed> values) {
        double[] ms = values.stream().mapToDouble(Elapsed::millis).sorted().toArray();
        return fmt(median(ms)) + ", " + fmt(percentile(ms, 90)) + ", " + fmt(ms[ms.length - 1]);
    }

    private static Elapsed minus(Elapsed a, Elapsed b) {
        return new Elapsed(a.millis() - b.millis(), a.reached() && b.reached());
    }

    private static <R> void perRun(StringBuilder md, String what, List<R> runs, Function<R, Elapsed> measure) {
        md.append("\nPer run, ").append(what).append(" ms: ").append(joined(runs, r -> measure.apply(r).toString())).append('\n');
    }

    private static void failures(StringBuilder md, List<Map<String, Integer>> perRun) {
        Map<String, Integer> all = new TreeMap<>();
        perRun.forEach(m -> m.forEach((kind, n) -> all.merge(kind, n, Integer::sum)));
        if (all.isEmpty()) {
            return;
        }
        md.append("What they failed with, all runs: ").append(all.entrySet().stream()
                .map(e -> e.getValue() + " × `" + e.getKey() + "`").collect(Collectors.joining(", "))).append('\n');
    }

    private static <R> String joined(List<R> runs, Function<R, String> value) {
        return runs.stream().map(value).collect(Collectors.joining(", "));
    }

    /** The median of sorted {@code values}. */
    static double median(double[] values) {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** The nearest-rank percentile of sorted {@code values}: with 10 runs, p90 is the 9th. */
    static double percentile(double[] values, int p) {
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, ms >= 10 || ms <= -10 ? "%.0f" : "%.1f", ms);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> "`" + l.substring(l.indexOf(':') + 1).strip() + "`").orElse("unknown CPU");
        } catch (IOException | UncheckedIOException e) {
            return "unknown CPU";
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    /**
     * Loads this package's classes up front: they come from {@code target/test-classes}, a directory
     * that a concurrent build of the module may wipe during a run of several minutes.
     */
    private static void loadOwnClasses() {
        List<Class<?>> classes = List.of(OpenLoopLoad.class, OpenLoopLoad.Call.class, RoutesWatcher.class, CallTimeline.class,
                Elapsed.class, LocalFailover.class, LocalFailover.Result.class, DarkRegion.class, DarkRegion.Result.class,
                CatalogPropagation.class, CatalogPropagation.Change.class, CatalogPropagation.Result.class,
                ThreeRegions.class, dev.strait.it.support.Admin.class, dev.strait.it.support.Await.class,
                dev.strait.it.support.FreePorts.class);
        // Nested classes, private ones included, load with their outer class's declared-classes list.
        int nested = Stream.of(DarkRegion.class, CatalogPropagation.class, OpenLoopLoad.class)
                .mapToInt(c -> c.getDeclaredClasses().length).sum();
        progress("loaded %d benchmark classes", classes.size() + nested);
    }

    // Held so that the level set on it stays: java.util.logging keeps loggers only weakly.
    private static final java.util.logging.Logger SHADED_GRPC = java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty.io.grpc");
    private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

    /** The nodes log every election, stream and probe verdict; a benchmark's output is its report. */
    private static void quietLogs(boolean gatewayLogs) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
        if (gatewayLogs && LoggerFactory.getLogger("dev.strait") instanceof Logger strait) {
            strait.setLevel(Level.INFO);
        }
        // A stopping node's Jetty logs a stack trace for every frame that arrives on a still-open
        // connection after its call pool stopped (RejectedExecutionException "not running"): hundreds
        // per dark-region run. --logs=info shows them.
        if (!gatewayLogs && LoggerFactory.getLogger(AdaptiveExecutionStrategy.class) instanceof Logger jetty) {
            jetty.setLevel(Level.ERROR);
        }
        if (LoggerFactory.getLogger("org.apache.ratis") instanceof Logger ratis) {
            ratis.setLevel(Level.ERROR);
        }
        SHADED_GRPC.setLevel(java.util.logging.Level.WARNING);
        GRPC.setLevel(java.util.logging.Level.WARNING);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
