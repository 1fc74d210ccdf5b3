package dev.strait.gateway.drill.run;

import dev.strait.federation.raft.RaftRole;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies the faults a local drill supports to a {@link LocalFederation}, and undoes them. Called
 * from the drill's one scheduler thread only.
 */
final class FaultInjector {
    // How long a stop-leader step waits for the region to have a leader it can stop.
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);
    // A fault through the admin API outlives its planned undo by this much, so that it ends even
    // if the drill dies, but never before the undo.
    private static final Duration TTL_MARGIN = Duration.ofSeconds(30);

    private final LocalFederation federation;
    private final AdminCalls admin;
    private final CertificateRotation rotation;

    FaultInjector(LocalFederation federation, AdminCalls admin, CertificateRotation rotation) {
        this.federation = federation;
        this.admin = admin;
        this.rotation = rotation;
    }

    /** The message for a fault a local drill cannot inject yet; empty when it can. */
    static Optional<String> unsupported(DrillFault fault) {
        String kind = switch (fault) {
            case DrillFault.Partition _ -> "partition";
            case DrillFault.ExpireCertificate _ -> "expire-certificate";
            case DrillFault.Latency latency when latency.target() instanceof DrillFault.Target.Between -> "latency between regions";
            case DrillFault.Errors errors when errors.target() instanceof DrillFault.Target.Between -> "errors between regions";
            default -> null;
        };
        return Optional.ofNullable(kind).map(k -> "fault kind '" + k + "' is not supported by --local yet");
    }

    /**
     * Applies {@code fault} of step {@code stepId}, planned to last {@code lasting}; returns what
     * undoes it.
     */
    Undo apply(String stepId, DrillFault fault, Duration lasting) throws Exception {
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
            case DrillFault.Latency f -> serviceFault(stepId, f.target(), lasting,
                    "\"delay\": {\"ms\": " + Math.max(1, f.delay().toMillis()) + ", \"percent\": " + f.percent() + "}");
            case DrillFault.Errors f -> serviceFault(stepId, f.target(), lasting,
                    "\"abort\": {\"status\": " + f.status() + ", \"percent\": " + f.percent() + "}");
            case DrillFault.RotateCertificate f -> {
                rotation.rotate(f.region(), f.node());
                // A rotation is not undone: the new certificate is as good as the old one.
                yield () -> {};
            }
            case DrillFault.Partition _, DrillFault.ExpireCertificate _ ->
                    throw new DrillRunException(unsupported(fault).orElseThrow());
        };
    }

    private Undo serviceFault(String stepId, DrillFault.Target target, Duration lasting, String effect) throws Exception {
        if (!(target instanceof DrillFault.Target.Service(ServiceName service, RegionName region))) {
            throw new DrillRunException("latency and errors between regions are not supported by --local yet");
        }
        String id = "drill-" + stepId;
        long ttlSeconds = lasting.plus(TTL_MARGIN).toSeconds() + 1;
        admin.putFault(region, id, "{\"service\": \"" + service.value() + "\", " + effect + ", \"ttl\": \"" + ttlSeconds + "s\"}");
        return () -> admin.deleteFault(region, id);
    }

    private RegionConfig region(RegionName name) throws DrillRunException {
        return federation.config().region(name)
                .orElseThrow(() -> new DrillRunException("no region '" + name + "' in the federation (expected: a validated scenario)"));
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

    /** Undoes one applied fault. */
    @FunctionalInterface
    interface Undo {
        void undo() throws Exception;
    }
}
