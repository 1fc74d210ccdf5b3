package dev.strait.gateway.admin;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/routes/{service}}: the ordered failover candidates for a service from this node, and why. */
final class RoutesResource {
    private final SnapshotPublisher snapshots;

    RoutesResource(SnapshotPublisher snapshots) {
        this.snapshots = snapshots;
    }

    AdminReply get(String service) {
        RoutingSnapshot snapshot = snapshots.current();
        Resolution resolution = snapshot.resolveForLocalCaller(service + "." + snapshot.meshSuffix());
        if (!(resolution instanceof Resolution.Routed routed)) {
            return Json.error(404, "unknown_service", "no route for '" + service + "' from region '" + snapshot.region() + "'");
        }
        ObjectNode body = Json.object();
        body.put("service", routed.service().value());
        body.put("snapshotVersion", snapshot.version());
        ArrayNode candidates = body.putArray("candidates");
        for (Candidate candidate : routed.candidates()) {
            ObjectNode entry = candidates.addObject();
            entry.put("region", candidate.region().value());
            switch (candidate) {
                case Candidate.LocalEndpoints local -> {
                    entry.put("kind", "local");
                    entry.put("why", "served in this region by healthy endpoints");
                    ArrayNode endpoints = entry.putArray("endpoints");
                    local.endpoints().forEach(e -> endpoints.addObject().put("id", e.id().value()).put("address", e.address().toString()));
                }
                case Candidate.RemoteRegion remote -> {
                    entry.put("kind", "remote");
                    entry.put("why", remote.stale()
                            ? "stale (the region went silent on federation): a last resort, after every fresh region"
                            : "exported to this region with " + remote.healthyEndpoints() + " healthy endpoints; next in failover order");
                    entry.put("healthyEndpoints", remote.healthyEndpoints());
                    entry.put("stale", remote.stale());
                    ArrayNode gateways = entry.putArray("gateways");
                    remote.gateways().forEach(g -> gateways.add(g.toString()));
                }
            }
        }
        return Json.reply(200, body);
    }
}
