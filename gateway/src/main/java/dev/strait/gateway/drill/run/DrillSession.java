package dev.strait.gateway.drill.run;

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
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One drill on a ready federation, wherever it runs: registers the marker of
 * {@code no-committed-state-lost}, warms up, puts the loads on, applies and undoes the timeline's
 * faults from one thread, and judges the calls.
 *
 * <p>Faults are applied and undone in time order (at equal times, an undo before an apply). A step
 * whose fault takes time to apply (an operator's part, a certificate that must expire) delays the
 * steps after it, never the loads.
 *
 * <p>For {@code no-committed-state-lost}, the drill registers a marker endpoint before the first
 * fault, through the admin API, and checks with a linearizable read at the end that it is still
 * there. It is registered in the region the timeline breaks first (the region of the first
 * {@code fail-region}, {@code stop-node} or {@code stop-leader} step), else in the first load's
 * {@code from} region, under a service that region serves, at the address of that service's first
 * endpoint, so that calls routed to it still reach a backend.
 */
final class DrillSession {
    static final String MARKER_ENDPOINT = "drill-marker";
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(1);
    private static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(60);

    private final Scenario scenario;
    private final FederationConfig config;
    private final DrillFederation federation;
    private final PrintWriter progress;
    private final List<String> faultProblems = Collections.synchronizedList(new ArrayList<>());
    // The undos of applied faults, by step id: the timeline thread's until it is joined, then the
    // caller's, which undoes what is left (steps without 'for') when the drill ends.
    private final Map<String, Undo> undos = new HashMap<>();

    DrillSession(Scenario scenario, FederationConfig config, DrillFederation federation, PrintWriter progress) {
        this.scenario = scenario;
        this.config = config;
        this.federation = federation;
        this.progress = progress;
    }

    DrillResult run() throws DrillRunException, InterruptedException {
        try (LoadTransport transport = LoadTransport.start()) {
            AdminCalls admin = federation.admin();
            Optional<Marker> marker = scenario.expectations().stream().anyMatch(Expectation.NoCommittedStateLost.class::isInstance)
                    ? Optional.of(register(admin)) : Optional.empty();
            warmUp(transport);

            CallRecorder recorder = new CallRecorder();
            Instant started = Instant.now();
            DrillClock clock = DrillClock.startingNow();
            List<LoadTarget> targets = new ArrayList<>();
            for (LoadSpec spec : scenario.load()) {
                targets.add(federation.target(spec));
            }
            List<OpenLoopLoad> loads = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                loads.add(OpenLoopLoad.start(scenario.load().get(i), targets.get(i), transport, clock, scenario.duration(), recorder));
            }
            Thread timeline = Thread.ofPlatform().name("drill-timeline-" + scenario.name()).start(() -> runTimeline(clock));
            try {
                for (OpenLoopLoad load : loads) {
                    load.await();
                }
                timeline.join();
            } finally {
                loads.forEach(OpenLoopLoad::stop);
                timeline.interrupt();
                timeline.join();
                undoWhatIsLeft(clock);
            }
            Instant ended = Instant.now();
            Optional<Verdict> committed = marker.isPresent() ? Optional.of(check(admin, marker.get())) : Optional.empty();
            say("strait drill: " + scenario.name() + " ended");
            return new DrillResult(DrillReport.of(scenario, started, ended, recorder.results(), committed), faultProblems);
        }
    }

    /**
     * Puts the scenario's loads on the federation, unrecorded, in rounds of {@link #WARM_UP_ROUND},
     * until a round after the first has no failed call: connections, TLS sessions and compiled code
     * are then in place, so the baseline measures a warm federation, as in production, and not the
     * start of a JVM.
     */
    private void warmUp(LoadTransport transport) throws DrillRunException, InterruptedException {
        say("strait drill: warming up");
        long end = System.nanoTime() + WARM_UP_DEADLINE.toNanos();
        for (int round = 1; ; round++) {
            CallRecorder recorder = new CallRecorder();
            DrillClock clock = DrillClock.startingNow();
            List<OpenLoopLoad> loads = new ArrayList<>();
            for (LoadSpec spec : scenario.load()) {
                loads.add(OpenLoopLoad.start(spec, federation.target(spec), transport, clock, WARM_UP_ROUND, recorder));
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
                throw new DrillRunException("calls still failed after warming up for " + WARM_UP_DEADLINE.toSeconds() + " s: " + failed
                        + " of " + calls.size() + " in the last second, such as " + example
                        + " (expected: a federation that serves every load before the drill starts)");
            }
        }
    }

    /** One thing the timeline does at an offset: apply a step's fault, or undo it. */
    private record Action(Duration at, boolean undo, int order, TimelineStep step) {}

    // Runs on the timeline thread; the undos it keeps are confined to it.
    private void runTimeline(DrillClock clock) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < scenario.timeline().size(); i++) {
            TimelineStep step = scenario.timeline().get(i);
            actions.add(new Action(step.at(), false, i, step));
            int order = i;
            step.lasting().ifPresent(lasting -> actions.add(new Action(step.at().plus(lasting), true, order, step)));
        }
        actions.sort(Comparator.comparing(Action::at).thenComparing(a -> !a.undo()).thenComparingInt(Action::order));
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
                    Undo undo = undos.remove(step.id());
                    if (undo != null) {
                        undo.undo();
                        report(clock, step.id() + ": undone " + what);
                    }
                } else {
                    Duration lasting = step.lasting().orElse(scenario.duration().minus(step.at()));
                    undos.put(step.id(), federation.apply(step.id(), step.fault(), lasting));
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

    /**
     * Undoes the faults still applied when the drill ends (those of steps without {@code for}), so
     * that a drill leaves the federation as it found it: the next drill, or production, does not
     * inherit its faults.
     */
    private void undoWhatIsLeft(DrillClock clock) throws InterruptedException {
        for (TimelineStep step : scenario.timeline()) {
            Undo undo = undos.remove(step.id());
            if (undo == null) {
                continue;
            }
            String what = describe(step.fault());
            try {
                undo.undo();
                report(clock, step.id() + ": undone " + what + " (the drill ended)");
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                String problem = "step '" + step.id() + "': could not undo " + what + " when the drill ended: " + e.getMessage();
                faultProblems.add(problem);
                report(clock, problem);
            }
        }
    }

    private void report(DrillClock clock, String line) {
        say("strait drill: " + String.format(Locale.ROOT, "%.2f s", clock.elapsedNanos() / 1e9) + " " + line);
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }

    static String describe(DrillFault fault) {
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
        config.regions().forEach(region -> candidates.add(region.name()));
        for (RegionName name : candidates) {
            Optional<ServiceConfig> service = config.region(name).flatMap(region -> region.services().stream()
                    .filter(s -> !s.endpoints().isEmpty()).findFirst());
            if (service.isPresent()) {
                EndpointConfig first = service.get().endpoints().getFirst();
                admin.registerEndpoint(name, service.get().name().value(), MARKER_ENDPOINT, first.address().toString());
                say("strait drill: registered marker endpoint " + MARKER_ENDPOINT + " of " + service.get().name().value()
                        + " in " + name.value() + " (no-committed-state-lost)");
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
