package dev.strait.gateway.admin;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.policy.model.NodeId;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-only part of a node's admin API: liveness, readiness, status and routes. Mutating
 * calls and the catalog arrive with the regional state store.
 */
public final class NodeAdminApi implements AdminApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String federation;
    private final NodeId node;
    private final SnapshotPublisher snapshots;
    private final BooleanSupplier ready;

    public NodeAdminApi(String federation, NodeId node, SnapshotPublisher snapshots, BooleanSupplier ready) {
        this.federation = federation;
        this.node = node;
        this.snapshots = snapshots;
        this.ready = ready;
    }

    @Override
    public AdminReply handle(String method, String path) {
        if (!method.equals("GET")) {
            return AdminReply.text(405, "method not allowed\n");
        }
        if (path.equals("/healthz")) {
            return AdminReply.text(200, "ok\n");
        }
        if (path.equals("/readyz")) {
            return ready.getAsBoolean() ? AdminReply.text(200, "ready\n") : AdminReply.text(503, "not ready\n");
        }
        RoutingSnapshot snapshot = snapshots.current();
        if (path.equals("/v1/status")) {
            ObjectNode status = JSON.createObjectNode();
            status.put("federation", federation);
            status.put("node", node.value());
            status.put("region", snapshot.region().value());
            status.put("snapshotVersion", snapshot.version());
            return AdminReply.json(200, JSON.writeValueAsBytes(status));
        }
        if (path.startsWith("/v1/routes/")) {
            return routes(snapshot, path.substring("/v1/routes/".length()));
        }
        return AdminReply.text(404, "not found\n");
    }

    private static AdminReply routes(RoutingSnapshot snapshot, String service) {
        Resolution resolution = snapshot.resolveForLocalCaller(service + "." + snapshot.meshSuffix());
        if (!(resolution instanceof Resolution.Routed routed)) {
            return AdminReply.json(404, JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("error", "unknown_service").put("message", "no route for '" + service + "'")));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("service", routed.service().value());
        ArrayNode candidates = body.putArray("candidates");
        for (Candidate candidate : routed.candidates()) {
            ObjectNode entry = candidates.addObject();
            entry.put("region", candidate.region().value());
            switch (candidate) {
                case Candidate.LocalEndpoints local -> {
                    entry.put("kind", "local");
                    entry.put("why", "served in this region");
                    ArrayNode endpoints = entry.putArray("endpoints");
                    local.endpoints().forEach(e -> endpoints.addObject().put("id", e.id().value()).put("address", e.address().toString()));
                }
                case Candidate.RemoteRegion remote -> {
                    entry.put("kind", "remote");
                    entry.put("why", "exported to this region; next in failover order");
                    ArrayNode gateways = entry.putArray("gateways");
                    remote.gateways().forEach(g -> gateways.add(g.toString()));
                }
            }
        }
        return AdminReply.json(200, JSON.writeValueAsBytes(body));
    }
}
