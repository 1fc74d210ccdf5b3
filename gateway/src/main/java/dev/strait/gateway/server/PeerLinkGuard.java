package dev.strait.gateway.server;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.SpiffeIds;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the peer listener closed to the gateways of a region whose link the region's faults cut,
 * as a cut network would: the TLS handshake of such a gateway fails, and its open connections are
 * closed when a snapshot cuts the link, so it can neither call nor ping this node. The partition
 * is read from the current snapshot and checked against the wall clock on every handshake, so a
 * cut that expired lets connections in again.
 */
final class PeerLinkGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinkGuard.class);

    private final Supplier<RoutingSnapshot> snapshots;
    private final LongSupplier wallClockMillis;
    // Open connections whose TLS handshake named a gateway of another region, with that region.
    private final Map<SslConnection, RegionName> peers = new ConcurrentHashMap<>();

    PeerLinkGuard(Supplier<RoutingSnapshot> snapshots, LongSupplier wallClockMillis) {
        this.snapshots = snapshots;
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection tls) {
            tls.addHandshakeListener(new SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) throws SSLException {
                    admit(tls, event.getSSLEngine().getSession());
                }
            });
        }
    }

    @Override
    public void onClosed(Connection connection) {
        peers.remove(connection);
    }

    /** Fails the handshake of a gateway of a region whose link is cut; remembers the others' region. */
    private void admit(SslConnection connection, SSLSession session) throws SSLException {
        Optional<RegionName> region = gatewayRegion(session);
        if (region.isEmpty()) {
            return;
        }
        RoutingSnapshot snapshot = snapshots.get();
        Optional<String> cutBy = snapshot.partitionFrom(region.get(), wallClockMillis.getAsLong()).map(f -> f.id());
        if (cutBy.isPresent()) {
            throw new SSLException("region '" + snapshot.region() + "' is partitioned from region '" + region.get()
                    + "' by fault '" + cutBy.get() + "'");
        }
        peers.put(connection, region.get());
    }

    /** Closes the open connections from gateways of the regions {@code snapshot} cuts off now. */
    void snapshotPublished(RoutingSnapshot snapshot) {
        if (peers.isEmpty()) {
            return;
        }
        Set<RegionName> cut = snapshot.partitionedRegions(wallClockMillis.getAsLong());
        if (cut.isEmpty()) {
            return;
        }
        peers.forEach((connection, region) -> {
            if (cut.contains(region)) {
                LOG.info("closing a peer connection from region '{}': region '{}' is partitioned from it", region, snapshot.region());
                peers.remove(connection);
                connection.close();
            }
        });
    }

    private static Optional<RegionName> gatewayRegion(SSLSession session) {
        return SpiffeIds.fromSession(session).filter(id -> id instanceof SpiffeId.Node).map(SpiffeId::region);
    }
}
