package dev.strait.gateway.drill.run;

import dev.strait.federation.raft.RaftRole;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Applies a scenario's faults to a federation running in this process, and undoes them: nodes and
 * echo backends are stopped and started, certificate files replaced, and everything else is a
 * runtime fault through the admin API ({@link RuntimeFaults}).
 */
final class LocalFaults {
    // How long a stop-leader step waits for the region to have a leader it can stop.
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    private final LocalFederation federation;
    private final RuntimeFaults runtime;
    private final CertificateRotation rotation;
    private final CertificateWatch certificates;
    private final Duration expiringLifetime;

    /**
     * @param expiringLifetime how long an expire-certificate step's certificate is valid once
     *                         written: long enough for the node to load it, so that it expires in use
     */
    LocalFaults(LocalFederation federation, AdminCalls admin, CertificateRotation rotation, Duration expiringLifetime) {
        this.federation = federation;
        this.runtime = new RuntimeFaults(admin);
        this.rotation = rotation;
        this.certificates = new CertificateWatch(admin);
        this.expiringLifetime = expiringLifetime;
    }

    Undo apply(String stepId, DrillFault fault, Duration lasting) throws Exception {
        if (RuntimeFaults.handles(fault)) {
            return runtime.apply(stepId, fault, lasting);
        }
        return switch (fault) {
            case DrillFault.FailEndpoints f -> {
                federation.stopBackends(f.region(), f.service());
                yield () -> federation.startBackends(f.region(), f.service());
            }
            case DrillFault.FailRegion f -> {
                List<NodeId> nodes = region(f.region()).nodes().stream().map(NodeConfig::id).toList();
                for (NodeId node : nodes) {
                    federation.stopNode(f.region(), node);
                }
                yield () -> {
                    for (NodeId node : nodes) {
                        federation.startNode(f.region(), node);
                    }
                };
            }
            case DrillFault.StopNode f -> {
                federation.stopNode(f.region(), f.node());
                yield () -> federation.startNode(f.region(), f.node());
            }
            case DrillFault.StopLeader f -> {
                NodeId leader = leaderOf(f.region());
                federation.stopNode(f.region(), leader);
                yield () -> federation.startNode(f.region(), leader);
            }
            case DrillFault.RotateCertificate f -> {
                rotation.rotate(f.region(), f.node(), CertificateRotation.FULL_LIFETIME);
                // A rotation is not undone: the new certificate is as good as the old one.
                yield Undo.NOTHING;
            }
            case DrillFault.ExpireCertificate f -> {
                URI admin = adminOf(f.region(), f.node());
                rotation.rotate(f.region(), f.node(), expiringLifetime);
                certificates.awaitExpired(admin, expiringLifetime.multipliedBy(2).plusSeconds(5));
                yield () -> {
                    String expired = certificates.notAfter(admin);
                    rotation.rotate(f.region(), f.node(), CertificateRotation.FULL_LIFETIME);
                    certificates.awaitChanged(admin, expired, expiringLifetime.multipliedBy(2).plusSeconds(5));
                };
            }
            case DrillFault.Latency _, DrillFault.Errors _, DrillFault.Partition _ ->
                    throw new IllegalStateException("a runtime fault: " + fault);
        };
    }

    private RegionConfig region(RegionName name) throws DrillRunException {
        return federation.config().region(name)
                .orElseThrow(() -> new DrillRunException("no region '" + name + "' in the federation (expected: a validated scenario)"));
    }

    private URI adminOf(RegionName region, NodeId node) throws DrillRunException {
        GatewayNode running = federation.node(region, node)
                .orElseThrow(() -> new DrillRunException("node " + node + " of " + region + " is not running"));
        return LocalDrill.adminUri(running);
    }

    /** The node that leads {@code region}'s Raft group now, waiting a little for an election in progress. */
    private NodeId leaderOf(RegionName region) throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + LEADER_PATIENCE.toNanos();
        while (true) {
            for (GatewayNode node : federation.nodes()) {
                if (node.region().name().equals(region) && node.store().status().role() == RaftRole.LEADER) {
                    return node.config().id();
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException("region " + region + " had no Raft leader to stop within "
                        + LEADER_PATIENCE.toSeconds() + " s (expected: a running region with a quorum)");
            }
            Thread.sleep(POLL);
        }
    }
}
