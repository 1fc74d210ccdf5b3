package dev.strait.federation.health;

import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.RegionName;
import java.util.function.Consumer;

/**
 * What a {@link HealthChecker} needs of its region: whether this node leads it, its applied state
 * and changes to it, and a way to write health transitions. {@link #of(RegionStateStore)} is the
 * real one; tests supply fakes.
 */
public interface CheckedRegion {
    RegionName name();

    /** Whether this node is the region's Raft leader right now. */
    boolean isLeader();

    /** The state this node has applied; never blocks. */
    RegionState current();

    /** Calls {@code listener} with every newly applied state; it must return quickly. */
    void subscribe(Consumer<RegionState> listener);

    /** Writes a health transition through Raft, returning once it is applied on this node. */
    void setHealth(RegionCommand.SetHealth command) throws CommandRejectedException, RegionUnavailableException;

    /** The region {@code store} replicates, as this node sees it. */
    static CheckedRegion of(RegionStateStore store) {
        return new CheckedRegion() {
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
            public void subscribe(Consumer<RegionState> listener) {
                store.subscribe(listener);
            }

            @Override
            public void setHealth(RegionCommand.SetHealth command) throws CommandRejectedException, RegionUnavailableException {
                store.write(command);
            }
        };
    }
}
