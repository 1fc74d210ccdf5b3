package dev.strait.gateway.drill.run;

import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The faults of an {@code --admin} drill that only the operator can cause: stopping and starting
 * gateway nodes and endpoints, and replacing certificate files. Each is announced on one line that
 * starts with {@link #ANNOUNCEMENT} and then waited for, by watching the admin API, for at most the
 * operator's patience: a node stopped when its {@code /healthz} no longer answers, started when its
 * {@code /readyz} answers 200, endpoints failed when none is routable in the region's catalog,
 * a certificate replaced when the node's status shows another one. A fault not seen in time is a
 * fault problem, which fails the drill.
 */
final class OperatorFaults {
    /** How each announcement starts, so that a person or a script can spot it. */
    static final String ANNOUNCEMENT = "strait drill: ACTION: ";
    private static final Duration POLL = Duration.ofMillis(100);

    private final RunningNodes nodes;
    private final AdminCalls admin;
    private final CertificateWatch certificates;
    private final PrintWriter progress;
    private final Duration patience;

    OperatorFaults(RunningNodes nodes, AdminCalls admin, PrintWriter progress, Duration patience) {
        this.nodes = nodes;
        this.admin = admin;
        this.certificates = new CertificateWatch(admin);
        this.progress = progress;
        this.patience = patience;
    }

    Undo apply(DrillFault fault) throws DrillRunException, InterruptedException {
        return switch (fault) {
            case DrillFault.StopNode f -> stop(List.of(node(f.region(), f.node())), "");
            case DrillFault.StopLeader f -> stop(List.of(node(f.region(), leaderOf(f.region()))), " (the Raft leader)");
            case DrillFault.FailRegion f -> stop(nodes.of(f.region()), " (every node of the region)");
            case DrillFault.FailEndpoints f -> failEndpoints(f.region(), f.service());
            case DrillFault.RotateCertificate f -> {
                RunningNodes.Node node = node(f.region(), f.node());
                String before = certificates.notAfter(node.admin());
                announce("replace the certificate of " + node + " with a new one from the same CA");
                certificates.awaitChanged(node.admin(), before, patience);
                yield Undo.NOTHING;
            }
            case DrillFault.ExpireCertificate f -> {
                RunningNodes.Node node = node(f.region(), f.node());
                announce("give " + node + " a certificate that expires within seconds, and let it expire");
                certificates.awaitExpired(node.admin(), patience);
                yield () -> {
                    String expired = certificates.notAfter(node.admin());
                    announce("give " + node + " a valid certificate again");
                    certificates.awaitChanged(node.admin(), expired, patience);
                };
            }
            case DrillFault.Latency _, DrillFault.Errors _, DrillFault.Partition _ ->
                    throw new IllegalStateException("a runtime fault, not the operator's: " + fault);
        };
    }

    /**
     * The nodes each step needs to reach, as problems: a node step needs that node's admin URL, a
     * stop-leader step every node of the region (any may lead), any other step one node of the
     * region it names.
     */
    static List<String> missingNodes(DrillFault fault, RunningNodes nodes, FederationConfig federation) {
        return switch (fault) {
            case DrillFault.StopNode f -> nodes.node(f.region(), f.node()).isPresent() ? List.of()
                    : List.of("node " + f.node().value() + " of " + f.region().value());
            case DrillFault.RotateCertificate f -> nodes.node(f.region(), f.node()).isPresent() ? List.of()
                    : List.of("node " + f.node().value() + " of " + f.region().value());
            case DrillFault.ExpireCertificate f -> nodes.node(f.region(), f.node()).isPresent() ? List.of()
                    : List.of("node " + f.node().value() + " of " + f.region().value());
            case DrillFault.StopLeader f -> federation.region(f.region()).orElseThrow().nodes().stream()
                    .filter(n -> nodes.node(f.region(), n.id()).isEmpty())
                    .map(n -> "node " + n.id().value() + " of " + f.region().value() + " (a stop-leader step may stop any)").toList();
            case DrillFault.FailRegion f -> region(f.region(), nodes);
            case DrillFault.FailEndpoints f -> region(f.region(), nodes);
            case DrillFault.Latency f -> region(holder(f.target()), nodes);
            case DrillFault.Errors f -> region(holder(f.target()), nodes);
            case DrillFault.Partition f -> {
                List<String> missing = new ArrayList<>(region(f.a(), nodes));
                missing.addAll(region(f.b(), nodes));
                yield missing;
            }
        };
    }

    private static RegionName holder(DrillFault.Target target) {
        return switch (target) {
            case DrillFault.Target.Service s -> s.region();
            case DrillFault.Target.Between b -> b.from();
        };
    }

    private static List<String> region(RegionName region, RunningNodes nodes) {
        return nodes.of(region).isEmpty() ? List.of("a node of " + region.value()) : List.of();
    }

    private Undo stop(List<RunningNodes.Node> stopping, String why) throws DrillRunException, InterruptedException {
        String which = stopping.stream().map(RunningNodes.Node::toString).collect(Collectors.joining(", "));
        announce("stop " + which + why);
        for (RunningNodes.Node node : stopping) {
            await(node + " stopped (its /healthz no longer answers)", () -> !admin.answersOk(node.admin(), "/healthz"));
        }
        return () -> {
            announce("start " + which + " again");
            for (RunningNodes.Node node : stopping) {
                await(node + " ready again (its /readyz answers 200)", () -> admin.answersOk(node.admin(), "/readyz"));
            }
        };
    }

    private Undo failEndpoints(RegionName region, ServiceName service) throws DrillRunException, InterruptedException {
        String what = "every endpoint of " + service.value() + " in " + region.value();
        announce("stop " + what + " (or make its health checks fail)");
        await(what + " out of rotation in the region's catalog", () -> routable(region, service) == 0);
        return () -> {
            announce("start " + what + " again");
            await("an endpoint of " + service.value() + " in " + region.value() + " back in rotation", () -> routable(region, service) > 0);
        };
    }

    /** How many of {@code service}'s endpoints the region's catalog holds routable now; -1 when no node answers. */
    private int routable(RegionName region, ServiceName service) throws InterruptedException {
        try {
            int count = 0;
            for (JsonNode endpoint : admin.catalog(region, false).path("services").path(service.value()).path("endpoints")) {
                if (endpoint.path("routable").asBoolean(false)) {
                    count++;
                }
            }
            return count;
        } catch (DrillRunException e) {
            return -1;
        }
    }

    private NodeId leaderOf(RegionName region) throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (true) {
            for (RunningNodes.Node node : nodes.of(region)) {
                try {
                    String leader = admin.status(node.admin()).path("raft").path("leader").asString("");
                    if (!leader.isEmpty()) {
                        return NodeId.of(leader);
                    }
                } catch (DrillRunException e) {
                    // a stopped node: ask the next
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException("no node of " + region.value() + " named a Raft leader within " + patience.toSeconds() + " s");
            }
            Thread.sleep(POLL);
        }
    }

    private RunningNodes.Node node(RegionName region, NodeId id) throws DrillRunException {
        return nodes.node(region, id).orElseThrow(() -> new DrillRunException("no --admin URL for node " + id.value() + " of "
                + region.value() + " (expected: the admin URL of every node a step stops or changes)"));
    }

    private void announce(String action) {
        progress.println(ANNOUNCEMENT + action);
        progress.flush();
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws InterruptedException;
    }

    private void await(String what, Condition condition) throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException("did not see " + what + " within " + patience.toMillis() / 1000.0 + " s");
            }
            Thread.sleep(POLL);
        }
        progress.println("strait drill: seen " + what);
        progress.flush();
    }
}
