package dev.strait.federation.peering;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in catalog federation. Every node runs the federation endpoint; the region's
 * Raft leader holds the streams: it exports to every peer region and imports from them, and it
 * marks stale a peer that stays silent past {@code staleAfter}. When leadership moves, this node
 * drops its streams and the new leader takes them over (peers reconnect to it, and it to them).
 */
public final class Peering implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Peering.class);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final int MAX_CALLS_PER_CONNECTION = 16;

    private final PeeringRegion region;
    private final SnapshotPublisher snapshots;
    private final PeeringTls tls;
    private final PeeringSettings settings;
    private final LinkPartitions partitions;
    private final Importer importer;
    private final Server server;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer;
    // Written on the timer thread; exports is read by status() and snapshot listeners.
    private volatile Map<RegionName, ExportStream> exports = Map.of();
    private volatile boolean leading;
    private long leadingSinceNanos;
    // Confined to the timer thread.
    private Set<RegionName> partitioned = Set.of();

    public Peering(PeeringRegion region, SnapshotPublisher snapshots, PeeringTls tls, HostPort bind, PeeringSettings settings)
            throws IOException {
        this.region = region;
        this.snapshots = snapshots;
        this.tls = tls;
        this.settings = settings;
        this.partitions = LinkPartitions.of(snapshots::current);
        this.importer = new Importer(region, partitions);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(bind.host(), bind.port()))
                .sslContext(tls.server())
                .maxInboundMessageSize(PeeringSettings.MAX_MESSAGE_BYTES)
                .maxInboundMetadataSize(PeeringSettings.MAX_METADATA_BYTES)
                .maxRstFramesPerWindow(PeeringSettings.MAX_RESETS_PER_WINDOW, (int) PeeringSettings.RESET_WINDOW.toSeconds())
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .handshakeTimeout(5, TimeUnit.SECONDS)
                .executor(calls)
                .addService(ServerInterceptors.intercept(PeeringGrpc.service(importer), new PeerAuthorization(snapshots::current)))
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("peering-" + region.name()).daemon().factory());
    }

    public void start() throws IOException {
        server.start();
        snapshots.subscribe(snapshot -> timer.execute(() -> exportsChanged(snapshot)));
        timer.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port the federation endpoint listens on. */
    public int port() {
        return server.getPort();
    }

    public PeeringStatus status() {
        List<PeeringStatus.Export> out = exports.values().stream().map(ExportStream::status).toList();
        List<PeeringStatus.Import> in = new ArrayList<>();
        if (leading) {
            for (RegionName origin : snapshots.current().peerFederation().keySet()) {
                long silent = importer.lastHeardNanos(origin).map(t -> (System.nanoTime() - t) / 1_000_000).orElse(-1L);
                in.add(new PeeringStatus.Import(origin, importer.connected(origin), silent));
            }
        }
        return new PeeringStatus(leading, out, in);
    }

    private void tick() {
        try {
            boolean leader = region.isLeader();
            if (leader && !leading) {
                leading = true;
                leadingSinceNanos = System.nanoTime();
                LOG.info("leading region '{}': taking over its federation streams", region.name());
                exportsChanged(snapshots.current());
            } else if (!leader && leading) {
                leading = false;
                LOG.info("no longer leading region '{}': dropping its federation streams", region.name());
                stopExports(exports.keySet());
                importer.closeAll("this node no longer leads region '" + region.name() + "'");
            }
            if (leading) {
                // A cut link that expired without a snapshot change heals here.
                if (!partitions.regions().equals(partitioned)) {
                    exportsChanged(snapshots.current());
                }
                markSilentPeersStale();
            }
        } catch (RuntimeException e) {
            LOG.error("federation housekeeping failed; retrying", e);
        }
    }

    /**
     * Starts and stops export streams to match the peers of {@code snapshot} whose links are not
     * cut, closes the import streams from those whose links are, and tells the others to look for
     * changes.
     */
    private void exportsChanged(RoutingSnapshot snapshot) {
        if (!leading) {
            return;
        }
        Set<RegionName> cut = snapshot.partitionedRegions(System.currentTimeMillis());
        if (!cut.equals(partitioned)) {
            LOG.info("links of region '{}' cut by faults: {} (were: {})", region.name(), cut, partitioned);
            partitioned = cut;
        }
        if (!cut.isEmpty()) {
            importer.closeFrom(cut, "region '" + region.name() + "' is partitioned from it by a fault");
        }
        Set<RegionName> peers = new java.util.HashSet<>(snapshot.peerFederation().keySet());
        peers.removeAll(cut);
        Map<RegionName, ExportStream> next = new HashMap<>(exports);
        List<RegionName> gone = next.keySet().stream().filter(peer -> !peers.contains(peer)).toList();
        for (RegionName peer : peers) {
            next.computeIfAbsent(peer, p -> {
                ExportStream stream = new ExportStream(p, snapshots::current, tls, settings);
                stream.start();
                return stream;
            }).changed();
        }
        exports = Map.copyOf(next);
        stopExports(gone);
    }

    private void stopExports(Collection<RegionName> peers) {
        Map<RegionName, ExportStream> next = new HashMap<>(exports);
        for (RegionName peer : List.copyOf(peers)) {
            ExportStream stream = next.remove(peer);
            if (stream != null) {
                try {
                    stream.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        exports = Map.copyOf(next);
    }

    /**
     * Marks stale every peer not heard from within {@code staleAfter}. A node that just became
     * leader counts from then: it cannot know what its predecessor heard.
     */
    private void markSilentPeersStale() {
        long now = System.nanoTime();
        for (ImportedRegion imported : region.current().imports().values()) {
            if (imported.stale()) {
                continue;
            }
            long heard = Math.max(importer.lastHeardNanos(imported.origin()).orElse(leadingSinceNanos), leadingSinceNanos);
            if (now - heard > settings.staleAfter().toNanos()) {
                try {
                    region.write(new RegionCommand.MarkStale(imported.origin(), imported.version()));
                    LOG.warn("region '{}' has been silent for more than {}: its services are now a last resort", imported.origin(),
                            settings.staleAfter());
                } catch (CommandRejectedException e) {
                    // It synced meanwhile.
                } catch (RegionUnavailableException e) {
                    LOG.warn("cannot mark region '{}' stale: {}", imported.origin(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        leading = false;
        stopExports(exports.keySet());
        importer.closeAll("the node is stopping");
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        calls.shutdownNow();
    }
}
