package dev.strait.gateway.admin;

import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.RaftStatus;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/status}: the node, its region's Raft group, and what it routes by. */
final class StatusResource {
    private final String federation;
    private final RegionStateStore store;
    private final SnapshotPublisher snapshots;

    StatusResource(String federation, RegionStateStore store, SnapshotPublisher snapshots) {
        this.federation = federation;
        this.store = store;
        this.snapshots = snapshots;
    }

    AdminReply get() {
        RaftStatus raft = store.status();
        RegionState state = store.current();
        ObjectNode body = Json.object();
        body.put("federation", federation);
        body.put("node", raft.self().value());
        body.put("region", store.settings().region().value());
        ObjectNode group = body.putObject("raft");
        group.put("role", raft.role().name().toLowerCase(Locale.ROOT));
        group.put("leader", raft.leader().map(NodeId::value).orElse(null));
        group.put("term", raft.term());
        group.put("commitIndex", raft.commitIndex());
        group.put("appliedIndex", raft.appliedIndex());
        ArrayNode members = group.putArray("members");
        raft.members().forEach(member -> members.add(member.value()));
        ObjectNode config = body.putObject("config");
        config.put("version", state.config().version());
        config.put("digest", state.config().digest());
        RoutingSnapshot snapshot = snapshots.current();
        body.put("snapshotVersion", snapshot.version());
        ArrayNode unreachable = body.putArray("unreachableGateways");
        snapshot.unreachableGateways().stream().map(HostPort::toString).sorted().forEach(unreachable::add);
        return Json.reply(200, body);
    }
}
