package dev.strait.gateway.admin;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.peering.PeeringStatus;
import dev.strait.policy.model.RegionName;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
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
    private final Supplier<PeeringStatus> peering;

    StatusResource(String federation, RegionStateStore store, SnapshotPublisher snapshots, Supplier<PeeringStatus> peering) {
        this.federation = federation;
        this.store = store;
        this.snapshots = snapshots;
        this.peering = peering;
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
        federation(body.putObject("federation"), state, snapshot);
        return Json.reply(200, body);
    }

    /**
     * Every peer region: on the leader, which holds the streams, whether they are up and how far
     * behind the peer's acknowledgements are; on every node, the region's replicated view of what
     * it imported (last sync, staleness).
     */
    private void federation(ObjectNode federation, RegionState state, RoutingSnapshot snapshot) {
        PeeringStatus streams = peering.get();
        federation.put("holdsStreams", streams.holdsStreams());
        long now = System.currentTimeMillis();
        ArrayNode peers = federation.putArray("peers");
        for (RegionName peer : new TreeSet<>(snapshot.peerFederation().keySet())) {
            ObjectNode entry = peers.addObject();
            entry.put("region", peer.value());
            Optional<ImportedRegion> imported = state.imported(peer);
            Optional<PeeringStatus.Export> export = streams.exports().stream().filter(e -> e.peer().equals(peer)).findFirst();
            Optional<PeeringStatus.Import> inbound = streams.imports().stream().filter(i -> i.origin().equals(peer)).findFirst();
            boolean connected = streams.holdsStreams()
                    ? export.map(PeeringStatus.Export::connected).orElse(false) && inbound.map(PeeringStatus.Import::connected).orElse(false)
                    : imported.map(i -> !i.stale()).orElse(false);
            entry.put("connected", connected);
            entry.put("stale", imported.map(ImportedRegion::stale).orElse(false));
            entry.put("importedVersion", imported.map(ImportedRegion::version).orElse(0L));
            entry.put("lastSync", imported.map(i -> Instant.ofEpochMilli(i.syncedAtMillis()).toString()).orElse(null));
            entry.put("lastSyncAgeMillis", imported.map(i -> Math.max(0, now - i.syncedAtMillis())).orElse(null));
            export.ifPresent(e -> {
                entry.put("exportedVersion", e.sentVersion());
                entry.put("lagVersions", Math.max(0, e.sentVersion() - e.ackedVersion()));
                entry.put("exportAddress", e.address());
            });
            inbound.ifPresent(i -> entry.put("silentForMillis", i.silentForMillis()));
        }
    }
}
