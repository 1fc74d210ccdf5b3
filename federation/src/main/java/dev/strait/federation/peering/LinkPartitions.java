package dev.strait.federation.peering;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which links to other regions the region's runtime faults cut right now, read from the current
 * routing snapshot and checked against the wall clock (a fault stops applying when it expires,
 * whether or not its removal was committed). Federation neither streams to nor accepts streams
 * from a region whose link is cut.
 */
record LinkPartitions(Supplier<RoutingSnapshot> snapshots, LongSupplier wallClockMillis) {
    /** Partitions by the system clock. */
    static LinkPartitions of(Supplier<RoutingSnapshot> snapshots) {
        return new LinkPartitions(snapshots, System::currentTimeMillis);
    }

    /** The fault that cuts the link to {@code peer} now, if one does. */
    Optional<LinkFault> from(RegionName peer) {
        return snapshots.get().partitionFrom(peer, wallClockMillis.getAsLong());
    }

    /** The regions whose link is cut now. */
    Set<RegionName> regions() {
        return snapshots.get().partitionedRegions(wallClockMillis.getAsLong());
    }

    /** Why a stream between this region and {@code peer} is refused, for logs and the peer. */
    static String reason(RegionName region, LinkFault fault) {
        return "region '" + region + "' is partitioned from region '" + fault.peer() + "' by fault '" + fault.id() + "'";
    }
}
