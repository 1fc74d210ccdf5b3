package dev.strait.gateway.admin;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.peering.PeeringStatus;
import dev.strait.gateway.operations.DrainStatus;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
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

/**
 * {@code GET /v1/status}: the node, its readiness and certificate, its region's Raft group, what it
 * routes by, and every federated region's health as this node sees it.
 */
final class StatusResource {
    private final String federation;
    private final RegionStateStore store;
    private final SnapshotPublisher snapshots;
    private final Supplier<PeeringStatus> peering;
    private final BooleanSupplier ready;
    private final Supplier<Instant> certificateNotAfter;
    private final Supplier<DrainStatus> drain;

    /** @param certificateNotAfter when the node's own certificate expires (the one it uses now: certificates rotate) */
    StatusResource(String federation, RegionStateStore store, SnapshotPublisher snapshots, Supplier<PeeringStatus> peering,
            BooleanSupplier ready, Supplier<Instant> certificateNotAfter, Supplier<DrainStatus> drain) {
        this.federation = federation;
        this.store = store;
        this.snapshots = snapshots;
        this.peering = peering;
        this.ready = ready;
        this.certificateNotAfter = certificateNotAfter;
        this.drain = drain;
    }

    AdminReply get() {
        RaftStatus raft = store.status();
        RegionState state = store.current();
        ObjectNode body = Json.object();
        body.put("federation", federation);
        body.put("node", raft.self().value());
        body.put("region", store.settings().region().value());
        body.put("ready", ready.getAsBoolean());
        DrainStatus drained = drain.get();
        body.put("draining", drained.begun());
        drained.deadline().ifPresent(deadline -> body.put("drainDeadline", deadline.toString()));
        Instant notAfter = certificateNotAfter.get();
        body.putObject("certificate")
                .put("notAfter", notAfter.toString())
                .put("expiresInSeconds", Duration.between(Instant.now(), notAfter).toSeconds());
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
            // Seconds since the last message on the peer's stream: known only where the streams are held.
            inbound.filter(i -> i.silentForMillis() >= 0).ifPresent(i -> entry.put("lagSeconds", i.silentForMillis() / 1000.0));
            List<HostPort> gateways = imported.map(ImportedRegion::gateways).orElse(List.of());
            entry.put("gateways", gateways.size());
            ArrayNode unreachable = entry.putArray("unreachableGateways");
            gateways.stream().filter(snapshot.unreachableGateways()::contains).map(HostPort::toString).sorted().forEach(unreachable::add);
        }
    }
}
