package dev.strait.federation.peering;

import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.RegionName;

/**
 * What federation needs of its own region: whether this node leads it (only the leader holds
 * federation streams), its applied state, and writes through Raft. {@link #of(RegionStateStore)}
 * is the real one.
 */
public interface PeeringRegion {
    RegionName name();

    boolean isLeader();

    RegionState current();

    /** Writes through the region's Raft group, returning once applied on this node. */
    void write(RegionCommand command) throws CommandRejectedException, RegionUnavailableException;

    static PeeringRegion of(RegionStateStore store) {
        return new PeeringRegion() {
            @Override
            public RegionName name() {
                return store.settings().region();
            }

            @Override
            public boolean isLeader() {
                return store.status().role() == RaftRole.LEADER;
            }

            @Override
            public RegionState current() {
                return store.current();
            }

            @Override
            public void write(RegionCommand command) throws CommandRejectedException, RegionUnavailableException {
                store.write(command);
            }
        };
    }
}
