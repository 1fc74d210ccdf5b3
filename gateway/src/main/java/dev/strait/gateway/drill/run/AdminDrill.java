package dev.strait.gateway.drill.run;

import dev.strait.gateway.admin.AdminToken;
import dev.strait.gateway.drill.load.LoadTarget;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.TimelineStep;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionName;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a scenario against a federation that runs elsewhere ({@code strait drill run SCENARIO
 * --admin URL...}), reached through the admin APIs of the nodes it is given, and judges it into a
 * {@link dev.strait.gateway.drill.report.DrillReport}.
 *
 * <p>The scenario's federation file must describe the running federation: it tells where each
 * node's local listener is. Each load calls the local listener of the first node given for its
 * {@code from} region. Latency, errors and partitions are runtime faults through the admin API;
 * stopping nodes or endpoints and replacing certificates are the operator's part, announced and
 * waited for ({@link OperatorFaults}). Before anything starts, every node given must answer as a
 * node of the federation, every region the scenario names must have a node given (and every node
 * a step stops or changes), and every node given must be ready.
 */
public final class AdminDrill {
    /** How long an announced action of the operator may take to show. */
    public static final Duration OPERATOR_PATIENCE = Duration.ofSeconds(60);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Scenario scenario;
    private final FederationConfig federation;
    private final List<URI> adminUrls;
    private final Optional<AdminToken> token;
    private final PrintWriter progress;

    public AdminDrill(Scenario scenario, FederationConfig federation, List<URI> adminUrls, Optional<AdminToken> token,
            PrintWriter progress) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.federation = Objects.requireNonNull(federation, "federation");
        this.adminUrls = List.copyOf(adminUrls);
        this.token = Objects.requireNonNull(token, "token");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (this.adminUrls.isEmpty()) {
            throw new IllegalArgumentException("no admin URL (expected: at least one)");
        }
    }

    /** Checks the nodes, runs the drill for the scenario's duration and judges; stops nothing it did not start. */
    public DrillResult run() throws DrillRunException, InterruptedException {
        RunningNodes nodes;
        try (AdminCalls discovery = new AdminCalls(region -> List.of(), token)) {
            nodes = RunningNodes.discover(adminUrls, federation, discovery);
        }
        requireNodes(nodes);
        try (AdminCalls admin = new AdminCalls(nodes::adminUrls, token)) {
            awaitReady(nodes, admin);
            RuntimeFaults runtime = new RuntimeFaults(admin);
            OperatorFaults operator = new OperatorFaults(nodes, admin, progress, OPERATOR_PATIENCE);
            DrillFederation target = new DrillFederation() {
                @Override
                public LoadTarget target(LoadSpec spec) throws DrillRunException {
                    return AdminDrill.this.target(nodes, spec);
                }

                @Override
                public Undo apply(String stepId, DrillFault fault, Duration lasting) throws Exception {
                    return RuntimeFaults.handles(fault) ? runtime.apply(stepId, fault, lasting) : operator.apply(fault);
                }

                @Override
                public AdminCalls admin() {
                    return admin;
                }
            };
            return new DrillSession(scenario, federation, target, progress).run();
        }
    }

    private void requireNodes(RunningNodes nodes) throws DrillRunException {
        Set<String> missing = new LinkedHashSet<>();
        for (LoadSpec load : scenario.load()) {
            if (nodes.of(load.from()).isEmpty()) {
                missing.add("a node of " + load.from().value() + " (load '" + load.name() + "' calls from there)");
            }
        }
        for (TimelineStep step : scenario.timeline()) {
            missing.addAll(OperatorFaults.missingNodes(step.fault(), nodes, federation));
        }
        if (!missing.isEmpty()) {
            throw new DrillRunException("the scenario needs the admin URL of " + String.join(", ", missing)
                    + " (expected: one --admin URL per node the scenario calls from, breaks or changes)");
        }
    }

    private void awaitReady(RunningNodes nodes, AdminCalls admin) throws DrillRunException, InterruptedException {
        progress.println("strait drill: " + nodes.nodes().size() + " nodes of federation '" + federation.name() + "': "
                + String.join(", ", nodes.nodes().stream().map(RunningNodes.Node::toString).toList()));
        progress.flush();
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        List<RunningNodes.Node> waiting = new ArrayList<>(nodes.nodes());
        while (!waiting.isEmpty()) {
            if (admin.answersOk(waiting.getFirst().admin(), "/readyz")) {
                waiting.removeFirst();
                continue;
            }
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException(waiting.getFirst() + " was not ready within " + READY_DEADLINE.toSeconds()
                        + " s (expected: /readyz answers 200 on every node given)");
            }
            Thread.sleep(POLL);
        }
    }

    /** Where the calls of {@code spec} go: the local listener of the first node given for its {@code from} region. */
    private LoadTarget target(RunningNodes nodes, LoadSpec spec) throws DrillRunException {
        RegionName from = spec.from();
        NodeConfig first = nodes.of(from).stream().findFirst()
                .orElseThrow(() -> new DrillRunException("load '" + spec.name() + "': no node of " + from.value() + " given"))
                .config();
        URI listener = URI.create("http://" + AdminCalls.reachable(first.localAddress().host()) + ":" + first.localAddress().port());
        return LoadTarget.of(listener, spec.service().value(), federation.meshSuffix(), LoadTarget.HttpProtocol.HTTP_1_1);
    }
}
