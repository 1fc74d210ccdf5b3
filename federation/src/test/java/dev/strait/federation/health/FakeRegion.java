package dev.strait.federation.health;

import dev.strait.federation.catalog.CommandCheck;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.catalog.RegionTransitions;
import dev.strait.federation.catalog.TestConfigs;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.RegionName;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Region eu-west without Raft: commands are applied with the real transition rules, health writes
 * are recorded, and leadership and availability are switches.
 */
final class FakeRegion implements CheckedRegion {
    final List<RegionCommand.SetHealth> writes = new CopyOnWriteArrayList<>();
    volatile boolean leader = true;
    volatile boolean unavailable;
    private final List<Consumer<RegionState>> listeners = new CopyOnWriteArrayList<>();
    private final CommandCheck check = new CommandCheck(TestConfigs.EU_WEST);
    private volatile RegionState state = RegionState.EMPTY;
    private long index;

    @Override
    public RegionName name() {
        return TestConfigs.EU_WEST;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public RegionState current() {
        return state;
    }

    @Override
    public void subscribe(Consumer<RegionState> listener) {
        listeners.add(listener);
    }

    @Override
    public void setHealth(RegionCommand.SetHealth command) throws CommandRejectedException, RegionUnavailableException {
        if (unavailable) {
            throw new RegionUnavailableException("region 'eu-west' has no Raft quorum (test)");
        }
        writes.add(command);
        apply(command);
    }

    /** Applies {@code command} as the next log entry, refusing it like the store would. */
    synchronized void apply(RegionCommand command) throws CommandRejectedException {
        var refusal = check.reject(state, command);
        if (refusal.isPresent()) {
            throw new CommandRejectedException(refusal.get());
        }
        index++;
        state = RegionTransitions.apply(state, command, TestConfigs.EU_WEST, 1, index);
        listeners.forEach(listener -> listener.accept(state));
    }

    /** Applies {@code command}, which the test knows fits. */
    void applyOrFail(RegionCommand command) {
        try {
            apply(command);
        } catch (CommandRejectedException e) {
            throw new AssertionError("the test's command was refused: " + e.reason(), e);
        }
    }
}
