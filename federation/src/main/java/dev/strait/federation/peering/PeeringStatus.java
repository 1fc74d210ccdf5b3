package dev.strait.federation.peering;

import dev.strait.policy.model.RegionName;
import java.util.List;

/**
 * What this node's federation streams are doing. Only the region's leader holds streams; on the
 * other nodes both lists are empty.
 *
 * @param holdsStreams whether this node holds its region's federation streams (it leads the region)
 * @param exports      per peer region, the stream this region exports on
 * @param imports      per peer region that exports here, the stream it imports on
 */
public record PeeringStatus(boolean holdsStreams, List<Export> exports, List<Import> imports) {
    public PeeringStatus {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
    }

    /**
     * @param connected     the peer acknowledged this stream
     * @param address       the peer's federation endpoint the stream goes to, when connected
     * @param sentVersion   the last version sent
     * @param ackedVersion  the last version the peer committed
     * @param lastAckMillis wall-clock time of the last acknowledgement, 0 if none
     */
    public record Export(RegionName peer, boolean connected, String address, long sentVersion, long ackedVersion, long lastAckMillis) {}

    /**
     * @param connected       a stream from the peer is open
     * @param silentForMillis how long ago this node last heard from the peer, -1 if never
     */
    public record Import(RegionName origin, boolean connected, long silentForMillis) {}
}
