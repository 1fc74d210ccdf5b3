package dev.strait.federation.peering;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.peering.proto.Ack;
import dev.strait.federation.peering.proto.ExportChanges;
import dev.strait.federation.peering.proto.ExportMessage;
import dev.strait.federation.peering.proto.ExportSnapshot;
import dev.strait.federation.peering.proto.ImportReply;
import dev.strait.federation.peering.proto.Resync;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importing side of federation, on the region's leader: takes each peer's stream, writes what
 * it receives through the region's Raft group, and acknowledges each version once committed.
 * A change that does not apply on top of what the region holds, or a heartbeat naming another
 * version, asks the peer for a full snapshot. One stream per peer region: a newer one replaces
 * the older. A stream from a region whose link the region's faults cut is refused
 * ({@code UNAVAILABLE}).
 */
final class Importer implements ServerCalls.BidiStreamingMethod<ExportMessage, ImportReply> {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    private final PeeringRegion region;
    private final LinkPartitions partitions;
    private final Map<RegionName, Session> sessions = new ConcurrentHashMap<>();
    private final Map<RegionName, Long> lastHeardNanos = new ConcurrentHashMap<>();

    Importer(PeeringRegion region, LinkPartitions partitions) {
        this.region = region;
        this.partitions = partitions;
    }

    @Override
    public StreamObserver<ExportMessage> invoke(StreamObserver<ImportReply> replies) {
        RegionName origin = PeerAuthorization.ORIGIN.get();
        Optional<LinkFault> partition = partitions.from(origin);
        if (partition.isPresent()) {
            replies.onError(Status.UNAVAILABLE.withDescription(LinkPartitions.reason(region.name(), partition.get()))
                    .asRuntimeException());
            return new Ignored();
        }
        if (!region.isLeader()) {
            replies.onError(Status.FAILED_PRECONDITION
                    .withDescription("this node does not lead region '" + region.name() + "'; federation streams go to the leader")
                    .asRuntimeException());
            return new Ignored();
        }
        Session session = new Session(origin, replies);
        Session previous = sessions.put(origin, session);
        if (previous != null) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer stream from region '" + origin + "'"));
        }
        heard(origin);
        LOG.info("federation stream from region '{}' opened", origin);
        return session;
    }

    /** When this node heard from {@code origin} last, by {@link System#nanoTime()}. */
    Optional<Long> lastHeardNanos(RegionName origin) {
        return Optional.ofNullable(lastHeardNanos.get(origin));
    }

    boolean connected(RegionName origin) {
        return sessions.containsKey(origin);
    }

    /** Ends every stream, for a node that no longer leads its region; the peers reconnect to the new leader. */
    void closeAll(String reason) {
        for (Session session : List.copyOf(sessions.values())) {
            session.close(Status.UNAVAILABLE.withDescription(reason));
        }
        lastHeardNanos.clear();
    }

    /** Ends the streams from {@code origins}, whose links were just cut; they are refused until the cut ends. */
    void closeFrom(Set<RegionName> origins, String reason) {
        for (Session session : List.copyOf(sessions.values())) {
            if (origins.contains(session.origin)) {
                LOG.info("closing the federation stream from region '{}': {}", session.origin, reason);
                session.close(Status.UNAVAILABLE.withDescription(reason));
            }
        }
    }

    private void heard(RegionName origin) {
        lastHeardNanos.put(origin, System.nanoTime());
    }

    /** One peer's stream. gRPC delivers its messages one at a time; replies may also come from {@link #close}. */
    private final class Session implements StreamObserver<ExportMessage> {
        private final RegionName origin;
        private final StreamObserver<ImportReply> replies;
        private boolean closed;
        // After asking for a resync, changes and heartbeats are ignored until the snapshot arrives.
        private boolean awaitingSnapshot;

        Session(RegionName origin, StreamObserver<ImportReply> replies) {
            this.origin = origin;
            this.replies = replies;
        }

        @Override
        public void onNext(ExportMessage message) {
            heard(origin);
            try {
                switch (message.getKindCase()) {
                    case SNAPSHOT -> snapshot(message.getSnapshot());
                    case CHANGES -> changes(message.getChanges());
                    case HEARTBEAT -> heartbeat(message.getHeartbeat().getVersion());
                    case KIND_NOT_SET -> close(Status.INVALID_ARGUMENT.withDescription("an export message without content"));
                }
            } catch (ExportCodec.InvalidExportException e) {
                LOG.warn("region '{}' sent an invalid export, refused: {}", origin, e.getMessage());
                close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            } catch (RegionUnavailableException e) {
                close(Status.UNAVAILABLE.withDescription("region '" + region.name() + "' cannot commit the import: " + e.getMessage()));
            }
        }

        private void snapshot(ExportSnapshot snapshot) throws ExportCodec.InvalidExportException, RegionUnavailableException {
            RegionCommand command = new RegionCommand.ImportCatalog(origin, snapshot.getVersion(),
                    ExportCodec.gateways(snapshot.getGatewaysList()), ExportCodec.services(snapshot.getServicesList()),
                    System.currentTimeMillis());
            try {
                region.write(command);
            } catch (CommandRejectedException e) {
                close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
                return;
            }
            awaitingSnapshot = false;
            reply(ImportReply.newBuilder().setAck(Ack.newBuilder().setVersion(snapshot.getVersion())).build());
        }

        private void changes(ExportChanges changes) throws ExportCodec.InvalidExportException, RegionUnavailableException {
            RegionCommand command = new RegionCommand.ImportChanges(origin, changes.getFromVersion(), changes.getToVersion(),
                    ExportCodec.gateways(changes.getGatewaysList()), ExportCodec.services(changes.getUpsertsList()),
                    ExportCodec.removals(changes.getRemovalsList()), System.currentTimeMillis());
            if (awaitingSnapshot) {
                return;
            }
            try {
                region.write(command);
                reply(ImportReply.newBuilder().setAck(Ack.newBuilder().setVersion(changes.getToVersion())).build());
            } catch (CommandRejectedException e) {
                resync(e.getMessage());
            }
        }

        private void heartbeat(long version) {
            if (awaitingSnapshot) {
                return;
            }
            Optional<ImportedRegion> held = region.current().imported(origin);
            if (held.isEmpty() || held.get().stale() || held.get().version() != version) {
                resync(held.map(i -> "region '" + region.name() + "' holds version " + i.version() + (i.stale() ? " (stale)" : ""))
                        .orElse("region '" + region.name() + "' holds nothing from '" + origin + "'") + ", the exporter is at " + version);
            }
        }

        private void resync(String reason) {
            LOG.info("asking region '{}' for a full export: {}", origin, reason);
            awaitingSnapshot = true;
            reply(ImportReply.newBuilder().setResync(Resync.newBuilder().setReason(reason)).build());
        }

        private synchronized void reply(ImportReply reply) {
            if (!closed) {
                replies.onNext(reply);
            }
        }

        synchronized void close(Status status) {
            if (!closed) {
                closed = true;
                sessions.remove(origin, this);
                replies.onError(status.asRuntimeException());
            }
        }

        @Override
        public void onError(Throwable failure) {
            end();
        }

        @Override
        public void onCompleted() {
            end();
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    replies.onCompleted();
                }
            }
        }

        private void end() {
            if (sessions.remove(origin, this)) {
                LOG.info("federation stream from region '{}' ended", origin);
            }
        }
    }

    /** The observer of a call refused at its start. */
    private static final class Ignored implements StreamObserver<ExportMessage> {
        @Override
        public void onNext(ExportMessage message) {}

        @Override
        public void onError(Throwable failure) {}

        @Override
        public void onCompleted() {}
    }
}
