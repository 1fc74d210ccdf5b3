package dev.strait.federation.peering;

import dev.strait.federation.peering.proto.ExportMessage;
import dev.strait.federation.peering.proto.Heartbeat;
import dev.strait.federation.peering.proto.ImportReply;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporting side of federation toward one peer region, on this region's leader: keeps one
 * Sync stream open to the peer's leader (trying its gateway nodes in turn), sends a full
 * snapshot when the stream opens or the peer asks for one, then only changes, and a heartbeat
 * whenever nothing else was sent for a heartbeat interval.
 *
 * <p>Versions increase across streams and leaders: a snapshot starts at the larger of the last
 * version plus one and the wall clock in microseconds, so an importer never mistakes a new
 * leader's export for an old one's.
 */
final class ExportStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final RegionName peer;
    private final Supplier<RoutingSnapshot> snapshots;
    private final PeeringTls tls;
    private final PeeringSettings settings;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    // Read by status(); written on the stream's thread.
    private volatile HostPort connectedTo;
    private volatile long sentVersion;
    private volatile long ackedVersion;
    private volatile long lastAckMillis;

    private sealed interface Event {}

    private record Changed() implements Event {}

    private record Replied(ImportReply reply) implements Event {}

    private record Broken(Status status) implements Event {}

    private record Stop() implements Event {}

    ExportStream(RegionName peer, Supplier<RoutingSnapshot> snapshots, PeeringTls tls, PeeringSettings settings) {
        this.peer = peer;
        this.snapshots = snapshots;
        this.tls = tls;
        this.settings = settings;
        this.thread = Thread.ofVirtual().name("export-to-" + peer).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The exported state may have changed; returns at once. */
    void changed() {
        events.offer(new Changed());
    }

    RegionName peer() {
        return peer;
    }

    PeeringStatus.Export status() {
        HostPort to = connectedTo;
        return new PeeringStatus.Export(peer, to != null, to == null ? "" : to.toString(), sentVersion, ackedVersion, lastAckMillis);
    }

    private void run() {
        long backoffMillis = settings.reconnectMin().toMillis();
        int next = 0;
        int refusedInARow = 0;
        while (!stopped) {
            List<HostPort> addresses = snapshots.get().peerFederation().getOrDefault(peer, List.of());
            if (addresses.isEmpty()) {
                return;
            }
            HostPort target = addresses.get(Math.floorMod(next++, addresses.size()));
            Outcome outcome = connect(target);
            if (stopped) {
                return;
            }
            if (outcome.acknowledged()) {
                backoffMillis = settings.reconnectMin().toMillis();
                refusedInARow = 0;
            }
            // A follower refuses at once; the next node may be the leader, so try it without waiting.
            if (outcome.status().getCode() == Status.Code.FAILED_PRECONDITION && ++refusedInARow < addresses.size()) {
                continue;
            }
            refusedInARow = 0;
            waitOrStop(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, settings.reconnectMax().toMillis());
        }
    }

    private record Outcome(Status status, boolean acknowledged) {}

    private Outcome connect(HostPort target) {
        ManagedChannel channel;
        try {
            channel = NettyChannelBuilder.forAddress(target.host(), target.port())
                    .sslContext(tls.clientFor(snapshots.get().trustDomain(), peer))
                    .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                    .maxInboundMessageSize(PeeringSettings.MAX_MESSAGE_BYTES)
                    .maxInboundMetadataSize(PeeringSettings.MAX_METADATA_BYTES)
                    .directExecutor()
                    .build();
        } catch (SSLException e) {
            LOG.error("cannot build the TLS context for region '{}': {}", peer, e.getMessage());
            return new Outcome(Status.INTERNAL.withDescription(e.getMessage()), false);
        }
        try {
            return stream(channel, target);
        } finally {
            connectedTo = null;
            channel.shutdownNow();
        }
    }

    private Outcome stream(ManagedChannel channel, HostPort target) {
        events.removeIf(event -> !(event instanceof Stop));
        StreamObserver<ExportMessage> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(PeeringGrpc.SYNC, CallOptions.DEFAULT), new Replies());
        boolean acknowledged = false;
        ExportedCatalog sent = ExportedCatalog.of(snapshots.get(), peer);
        long version = nextSnapshotVersion();
        requests.onNext(ExportMessage.newBuilder().setSnapshot(ExportCodec.snapshot(version, sent)).build());
        sentVersion = version;
        long lastSendNanos = System.nanoTime();
        try {
            while (true) {
                if (stopped) {
                    requests.onError(Status.CANCELLED.withDescription("no longer the leader").asRuntimeException());
                    return new Outcome(Status.CANCELLED, acknowledged);
                }
                long waitNanos = settings.heartbeatInterval().toNanos() - (System.nanoTime() - lastSendNanos);
                Event event = waitNanos > 0 ? events.poll(waitNanos, TimeUnit.NANOSECONDS) : null;
                switch (event) {
                    case null -> {
                        requests.onNext(ExportMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setVersion(version)).build());
                        lastSendNanos = System.nanoTime();
                    }
                    case Changed changed -> {
                        ExportedCatalog current = ExportedCatalog.of(snapshots.get(), peer);
                        ExportedCatalog.Changes changes = current.changesSince(sent);
                        if (!changes.isEmpty()) {
                            requests.onNext(ExportMessage.newBuilder().setChanges(ExportCodec.changes(version, version + 1, changes)).build());
                            version++;
                            sentVersion = version;
                            sent = current;
                            lastSendNanos = System.nanoTime();
                        }
                    }
                    case Replied(ImportReply reply) when reply.hasAck() -> {
                        if (!acknowledged) {
                            acknowledged = true;
                            connectedTo = target;
                            LOG.info("exporting to region '{}' through {}", peer, target);
                        }
                        ackedVersion = reply.getAck().getVersion();
                        lastAckMillis = System.currentTimeMillis();
                    }
                    case Replied(ImportReply reply) -> {
                        LOG.info("region '{}' asks for a full export: {}", peer, reply.getResync().getReason());
                        sent = ExportedCatalog.of(snapshots.get(), peer);
                        version = nextSnapshotVersion();
                        requests.onNext(ExportMessage.newBuilder().setSnapshot(ExportCodec.snapshot(version, sent)).build());
                        sentVersion = version;
                        lastSendNanos = System.nanoTime();
                    }
                    case Broken(Status status) -> {
                        if (status.getCode() != Status.Code.FAILED_PRECONDITION) {
                            LOG.info("federation stream to region '{}' through {} ended: {}", peer, target, describe(status));
                        }
                        return new Outcome(status, acknowledged);
                    }
                    case Stop stop -> {
                        // The loop's head ends the call.
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(Status.CANCELLED.asRuntimeException());
            return new Outcome(Status.CANCELLED, acknowledged);
        } catch (RuntimeException e) {
            // A send on a call the transport already failed; the Broken event says why.
            requests.onError(Status.CANCELLED.asRuntimeException());
            return new Outcome(Status.fromThrowable(e), acknowledged);
        }
    }

    private long nextSnapshotVersion() {
        return Math.max(sentVersion + 1, System.currentTimeMillis() * 1_000);
    }

    private void waitOrStop(long millis) {
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        try {
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                if (events.poll(left, TimeUnit.NANOSECONDS) instanceof Stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")")
                + (status.getCause() == null ? "" : ": " + status.getCause().getMessage());
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        events.offer(new Stop());
        thread.join(Duration.ofSeconds(5));
    }

    /** Turns the importer's replies and the call's end into events for the stream's thread. */
    private final class Replies implements StreamObserver<ImportReply> {
        @Override
        public void onNext(ImportReply reply) {
            events.offer(new Replied(reply));
        }

        @Override
        public void onError(Throwable failure) {
            events.offer(new Broken(Status.fromThrowable(failure)));
        }

        @Override
        public void onCompleted() {
            events.offer(new Broken(Status.UNAVAILABLE.withDescription("the importer ended the stream")));
        }
    }
}
