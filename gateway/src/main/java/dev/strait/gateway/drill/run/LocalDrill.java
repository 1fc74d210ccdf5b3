package dev.strait.gateway.drill.run;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.drill.load.CallRecorder;
import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.load.DrillClock;
import dev.strait.gateway.drill.load.LoadTarget;
import dev.strait.gateway.drill.load.LoadTransport;
import dev.strait.gateway.drill.load.OpenLoopLoad;
import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.Verdict;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.Expectation;
import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.TimelineStep;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a scenario against its federation started in this process ({@code strait drill run
 * SCENARIO --local}), and judges it into a {@link DrillReport}.
 *
 * <p>Each load calls the local listener of the <em>first</em> node (in config order) of its
 * {@code from} region, as a workload pinned to one gateway would; a fault that stops that node
 * shows up as failed calls. Faults are applied and undone by one timeline thread, in time order
 * (at equal times, an undo before an apply). A local drill cannot inject partitions, latency or
 * errors between regions, or expired certificates yet: {@link #unsupportedFaults} names them, and
 * {@link #run} refuses such a scenario before starting anything.
 *
 * <p>For {@code no-committed-state-lost}, the drill registers a marker endpoint before the
 * first fault, through the admin API, and checks with a linearizable read at the end that it is
 * still there. It is registered in the region the timeline breaks first (the region of the first
 * {@code fail-region}, {@code stop-node} or {@code stop-leader} step), else in the first load's
 * {@code from} region, under a service that region serves, at the address of that service's first
 * endpoint, so that calls routed to it still reach a backend.
 */
public final class LocalDrill {
    /** How long the federation may take to start, elect its leaders and federate. */
    public static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    static final String MARKER_ENDPOINT = "drill-marker";
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(1);

    private final Scenario scenario;
    private final FederationConfig federation;
    private final Path workDirectory;
    private final PrintWriter progress;
    private final List<String> faultProblems = Collections.synchronizedList(new ArrayList<>());

    /**
     * A drill of {@code scenario} (validated against {@code federation}) on {@code federation},
     * whose certificates are under {@code workDirectory} (see {@link #prepareFederation}); nodes keep
     * their data there too. What the drill does is reported, line by line, to {@code progress}.
     */
    public LocalDrill(Scenario scenario, FederationConfig federation, Path workDirectory, PrintWriter progress) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.federation = Objects.requireNonNull(federation, "federation");
        this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** One message per step of {@code scenario} whose fault a local drill cannot inject yet, such as {@code fault kind 'partition' is not supported by --local yet}. */
    public static List<String> unsupportedFaults(Scenario scenario) {
        List<String> messages = new ArrayList<>();
        for (TimelineStep step : scenario.timeline()) {
            FaultInjector.unsupported(step.fault()).ifPresent(m -> messages.add("timeline step '" + step.id() + "': " + m));
        }
        return List.copyOf(messages);
    }

    /**
     * Loads the federation config in {@code file} with its certificate directory moved to
     * {@code workDirectory/certs}, and issues every certificate there.
     */
    public static FederationConfig prepareFederation(Path file, Path workDirectory) throws ConfigException {
        Path certificates = workDirectory.resolve("certs");
        var loader = new FederationConfigLoader();
        FederationConfig unchecked = loader.load(file, LoadOptions.withoutFileChecks().withCertificateDirectory(certificates));
        new FederationCertificates(Clock.systemUTC()).issue(unchecked, certificates);
        return loader.load(file, LoadOptions.defaults().withCertificateDirectory(certificates));
    }

    /**
     * What a drill gave: its report, and any fault that could not be applied or undone (then the
     * drill did not test what its scenario says, whatever the verdicts).
     */
    public record Result(DrillReport report, List<String> faultProblems) {
        public Result {
            Objects.requireNonNull(report, "report");
            faultProblems = List.copyOf(faultProblems);
        }
    }

    /** Starts the federation, runs the drill for the scenario's duration, stops everything and judges. */
    public Result run() throws DrillRunException, InterruptedException {
        List<String> unsupported = unsupportedFaults(scenario);
        if (!unsupported.isEmpty()) {
            throw new DrillRunException(String.join("\n", unsupported));
        }
        LocalFederation running;
        try {
            running = LocalFederation.start(federation, workDirectory.resolve("data"));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new DrillRunException("the federation did not start: " + e.getMessage(), e);
        }
        try (LocalFederation local = running; LoadTransport transport = LoadTransport.start()) {
            awaitReady(local);
            AdminCalls admin = new AdminCalls(local);
            Optional<Marker> marker = scenario.expectations().stream().anyMatch(Expectation.NoCommittedStateLost.class::isInstance)
                    ? Optional.of(register(admin)) : Optional.empty();
            warmUp(local, transport);
            var injector = new FaultInjector(local, admin, new CertificateRotation(local.config(), workDirectory.resolve("rotations")));

            CallRecorder recorder = new CallRecorder();
            Instant started = Instant.now();
            DrillClock clock = DrillClock.startingNow();
            List<LoadTarget> targets = new ArrayList<>();
            for (LoadSpec spec : scenario.load()) {
                targets.add(target(local, spec));
            }
            List<OpenLoopLoad> loads = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                loads.add(OpenLoopLoad.start(scenario.load().get(i), targets.get(i), transport, clock, scenario.duration(), recorder));
            }
            Thread timeline = Thread.ofPlatform().name("drill-timeline-" + scenario.name()).start(() -> runTimeline(injector, clock));
            try {
                for (OpenLoopLoad load : loads) {
                    load.await();
                }
                timeline.join();
            } finally {
                loads.forEach(OpenLoopLoad::stop);
                timeline.interrupt();
            }
            Instant ended = Instant.now();
            Optional<Verdict> committed = marker.isPresent() ? Optional.of(check(admin, marker.get())) : Optional.empty();
            progress.println("strait drill: " + scenario.name() + " ended; stopping the federation");
            progress.flush();
            return new Result(DrillReport.of(scenario, started, ended, recorder.results(), committed), faultProblems);
        }
    }

    private void awaitReady(LocalFederation local) throws DrillRunException, InterruptedException {
        progress.println("strait drill: starting federation '" + federation.name() + "' (" + local.nodes().size()
                + " nodes) under " + workDirectory);
        progress.flush();
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        if (!local.awaitFederated(READY_DEADLINE)) {
            throw new DrillRunException("the regions did not federate within " + READY_DEADLINE.toSeconds() + " s (expected: every"
                    + " region importing every other's catalog; see /v1/status of each node)");
        }
        while (!local.nodes().stream().allMatch(node -> node.store().status().leader().isPresent())) {
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException("not every region elected a Raft leader within " + READY_DEADLINE.toSeconds() + " s");
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Puts the scenario's loads on the federation, unrecorded, in rounds of {@link #WARM_UP_ROUND},
     * until a round after the first has no failed call: connections, TLS sessions and compiled code
     * are then in place, so the baseline measures a warm federation, as in production, and not the
     * start of a JVM.
     */
    private void warmUp(LocalFederation local, LoadTransport transport) throws DrillRunException, InterruptedException {
        progress.println("strait drill: warming up");
        progress.flush();
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        for (int round = 1; ; round++) {
            CallRecorder recorder = new CallRecorder();
            DrillClock clock = DrillClock.startingNow();
            List<OpenLoopLoad> loads = new ArrayList<>();
            for (LoadSpec spec : scenario.load()) {
                loads.add(OpenLoopLoad.start(spec, target(local, spec), transport, clock, WARM_UP_ROUND, recorder));
            }
            for (OpenLoopLoad load : loads) {
                load.await();
            }
            List<CallResult> calls = recorder.results();
            long failed = calls.stream().filter(CallResult::failed).count();
            if (round > 1 && failed == 0) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                String example = calls.stream().filter(CallResult::failed).findFirst()
                        .map(c -> c.outcome() + c.error().map(e -> " " + e).orElse("")).orElse("");
                throw new DrillRunException("calls still failed after warming up for " + READY_DEADLINE.toSeconds() + " s: " + failed
                        + " of " + calls.size() + " in the last second, such as " + example
                        + " (expected: a federation that serves every load before the drill starts)");
            }
        }
    }

    /** Where the calls of {@code spec} go: the local listener of the first node of its {@code from} region. */
    private static LoadTarget target(LocalFederation local, LoadSpec spec) throws DrillRunException {
        RegionConfig region = local.config().region(spec.from())
                .orElseThrow(() -> new DrillRunException("load '" + spec.name() + "': no region '" + spec.from() + "' in the federation"));
        NodeConfig first = region.nodes().getFirst();
        GatewayNode node = local.node(region.name(), first.id())
                .orElseThrow(() -> new DrillRunException("load '" + spec.name() + "': node " + first.id() + " of " + region.name() + " is not running"));
        URI listener = URI.create("http://" + AdminCalls.reachable(first.host()) + ":" + node.localPort());
        return LoadTarget.of(listener, spec.service().value(), local.config().meshSuffix(), LoadTarget.HttpProtocol.HTTP_1_1);
    }

    /** One thing the timeline does at an offset: apply a step's fault, or undo it. */
    private record Action(Duration at, boolean undo, int order, TimelineStep step) {}

    // Runs on the timeline thread; the undos it keeps are confined to it.
    private void runTimeline(FaultInjector injector, DrillClock clock) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < scenario.timeline().size(); i++) {
            TimelineStep step = scenario.timeline().get(i);
            actions.add(new Action(step.at(), false, i, step));
            int order = i;
            step.lasting().ifPresent(lasting -> actions.add(new Action(step.at().plus(lasting), true, order, step)));
        }
        actions.sort(Comparator.comparing(Action::at).thenComparing(a -> !a.undo()).thenComparingInt(Action::order));
        Map<String, FaultInjector.Undo> undos = new HashMap<>();
        for (Action action : actions) {
            try {
                long wait = action.at().toNanos() - clock.elapsedNanos();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            } catch (InterruptedException e) {
                return;
            }
            TimelineStep step = action.step();
            String what = describe(step.fault());
            try {
                if (action.undo()) {
                    FaultInjector.Undo undo = undos.remove(step.id());
                    if (undo != null) {
                        undo.undo();
                        report(clock, step.id() + ": undone " + what);
                    }
                } else {
                    Duration lasting = step.lasting().orElse(scenario.duration().minus(step.at()));
                    undos.put(step.id(), injector.apply(step.id(), step.fault(), lasting));
                    report(clock, step.id() + ": applied " + what);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                String problem = "step '" + step.id() + "': could not " + (action.undo() ? "undo " : "apply ") + what + ": " + e.getMessage();
                faultProblems.add(problem);
                report(clock, problem);
            }
        }
    }

    private void report(DrillClock clock, String line) {
        progress.println("strait drill: " + String.format(java.util.Locale.ROOT, "%.2f s", clock.elapsedNanos() / 1e9) + " " + line);
        progress.flush();
    }

    private static String describe(DrillFault fault) {
        return switch (fault) {
            case DrillFault.FailEndpoints f -> "fail-endpoints " + f.service().value() + " in " + f.region().value();
            case DrillFault.FailRegion f -> "fail-region " + f.region().value();
            case DrillFault.Partition f -> "partition " + f.a().value() + " / " + f.b().value();
            case DrillFault.Latency f -> "latency " + f.delay().toMillis() + "ms on " + target(f.target());
            case DrillFault.Errors f -> "errors " + f.status() + " on " + target(f.target());
            case DrillFault.StopNode f -> "stop-node " + f.node().value() + " of " + f.region().value();
            case DrillFault.StopLeader f -> "stop-leader of " + f.region().value();
            case DrillFault.RotateCertificate f -> "rotate-certificate of " + f.node().value() + " in " + f.region().value();
            case DrillFault.ExpireCertificate f -> "expire-certificate of " + f.node().value() + " in " + f.region().value();
        };
    }

    private static String target(DrillFault.Target target) {
        return switch (target) {
            case DrillFault.Target.Service s -> s.service().value() + " in " + s.region().value();
            case DrillFault.Target.Between b -> b.from().value() + " to " + b.to().value();
        };
    }

    /** The marker endpoint of {@code no-committed-state-lost}. */
    private record Marker(RegionName region, String service) {}

    private Marker register(AdminCalls admin) throws DrillRunException, InterruptedException {
        Set<RegionName> candidates = new LinkedHashSet<>();
        for (TimelineStep step : scenario.timeline()) {
            switch (step.fault()) {
                case DrillFault.FailRegion f -> candidates.add(f.region());
                case DrillFault.StopNode f -> candidates.add(f.region());
                case DrillFault.StopLeader f -> candidates.add(f.region());
                default -> {}
            }
        }
        scenario.load().forEach(load -> candidates.add(load.from()));
        federation.regions().forEach(region -> candidates.add(region.name()));
        for (RegionName name : candidates) {
            Optional<ServiceConfig> service = federation.region(name).flatMap(region -> region.services().stream()
                    .filter(s -> !s.endpoints().isEmpty()).findFirst());
            if (service.isPresent()) {
                EndpointConfig first = service.get().endpoints().getFirst();
                admin.registerEndpoint(name, service.get().name().value(), MARKER_ENDPOINT, first.address().toString());
                progress.println("strait drill: registered marker endpoint " + MARKER_ENDPOINT + " of " + service.get().name().value()
                        + " in " + name.value() + " (no-committed-state-lost)");
                progress.flush();
                return new Marker(name, service.get().name().value());
            }
        }
        throw new DrillRunException("no region of the federation serves a service with an endpoint, so no-committed-state-lost"
                + " has nothing to register (expected: a region with at least one endpoint)");
    }

    private Verdict check(AdminCalls admin, Marker marker) throws InterruptedException {
        String what = "endpoint " + MARKER_ENDPOINT + " of " + marker.service() + " in " + marker.region().value();
        try {
            return admin.catalogHolds(marker.region(), marker.service(), MARKER_ENDPOINT)
                    ? Verdict.committedState(true, what + " still in the catalog (linearizable read)")
                    : Verdict.committedState(false, what + " is missing from the catalog (linearizable read)");
        } catch (DrillRunException e) {
            return Verdict.committedState(false, what + " could not be read back: " + e.getMessage());
        }
    }
}
