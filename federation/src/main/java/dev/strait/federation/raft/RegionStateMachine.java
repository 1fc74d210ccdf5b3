package dev.strait.federation.raft;

import dev.strait.federation.catalog.CommandCheck;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.catalog.RegionTransitions;
import dev.strait.federation.catalog.Transition;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one region: the {@link RegionState} as an immutable value swapped on
 * every applied entry. Bad commands are refused on the leader before they enter the log ({@link
 * #startTransaction}); applying is deterministic and never fails on its input; a raft snapshot
 * holds the state with its applied term and index and a checksum, and is loaded on start and
 * after the leader installs one.
 */
final class RegionStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RegionStateMachine.class);
    static final String QUERY_STATE = "state";

    private final RegionName region;
    private final CommandCheck check;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final AtomicReference<RegionState> state = new AtomicReference<>(RegionState.EMPTY);
    private final List<Consumer<RegionState>> listeners = new CopyOnWriteArrayList<>();
    private final AppliedIndexWaiters waiters = new AppliedIndexWaiters(() -> state.get().appliedIndex());
    private final AtomicLong raftSnapshotsLoaded = new AtomicLong();

    RegionStateMachine(RegionName region) {
        this.region = region;
        this.check = new CommandCheck(region);
    }

    /** The locally applied state; never blocks. */
    RegionState current() {
        return state.get();
    }

    /** Completes once this node has applied {@code index}. */
    CompletableFuture<Void> appliedAt(long index) {
        return waiters.await(index);
    }

    /**
     * Calls {@code listener} with every new state, on the Ratis apply thread: it must be quick
     * (swap a reference, or hand off to its own thread), because the region's log waits for it.
     */
    void subscribe(Consumer<RegionState> listener) {
        listeners.add(listener);
    }

    /** How many raft snapshots this node has loaded (at start or installed from the leader). */
    long raftSnapshotsLoaded() {
        return raftSnapshotsLoaded.get();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        // The life cycle must reach RUNNING so that pause() and reinitialize() can move it on snapshot installation.
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestRaftSnapshot();
        });
    }

    /** Called by Ratis before it installs a raft snapshot from the leader; Ratis then requires PAUSED. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Called by Ratis after it installed a raft snapshot from the leader (and the machine was paused). */
    @Override
    public void reinitialize() throws IOException {
        loadLatestRaftSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void loadLatestRaftSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        if (!Files.exists(file)) {
            LOG.warn("Raft snapshot file {} is missing; starting from the log", file);
            return;
        }
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(file.toFile(), md5);
        }
        RegionState loaded = RaftSnapshotFile.read(file);
        TermIndex named = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
        if (named.getIndex() != loaded.appliedIndex() || named.getTerm() != loaded.appliedTerm()) {
            throw new IOException("raft snapshot " + file + " is named for " + named + " but holds state at "
                    + loaded.appliedTerm() + "/" + loaded.appliedIndex());
        }
        state.set(loaded);
        setLastAppliedTermIndex(named);
        raftSnapshotsLoaded.incrementAndGet();
        LOG.info("Region {} loaded raft snapshot at {} (config version {})", region, named, loaded.config().version());
        waiters.advanced();
        notifyListeners(loaded);
    }

    /** Leader side, before the entry is appended: refuse commands that cannot be read or do not fit. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext transaction = super.startTransaction(request);
        Optional<String> refusal;
        try {
            RegionCommand command = RegionStateCodec.decodeCommand(request.getMessage().getContent().toByteArray());
            refusal = check.reject(state.get(), command);
        } catch (CodecException e) {
            refusal = Optional.of("the command cannot be read: " + e.getMessage());
        }
        refusal.ifPresent(reason -> transaction.setException(new CommandRejectedException(reason)));
        return transaction;
    }

    /**
     * Applies one committed entry. Deterministic and total: an entry that cannot be read or does
     * not fit the state changes nothing but the applied index, and its reply says why.
     */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        RegionState before = state.get();
        RegionState after;
        byte[] reply;
        try {
            RegionCommand command = RegionStateCodec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
            switch (RegionTransitions.decide(before, command, region)) {
                case Transition.Changed changed -> {
                    after = changed.state();
                    reply = RegionStateCodec.encodeApplied();
                }
                case Transition.Refused refused -> {
                    after = before;
                    reply = RegionStateCodec.encodeRefused(refused.reason());
                }
            }
        } catch (CodecException e) {
            LOG.error("Region {} skipped unreadable log entry {}: {}", region, entry.getIndex(), e.getMessage());
            after = before;
            reply = RegionStateCodec.encodeRefused("the command cannot be read: " + e.getMessage());
        }
        RegionState applied = after.at(entry.getTerm(), entry.getIndex());
        state.set(applied);
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        waiters.advanced();
        if (after != before) {
            notifyListeners(applied);
        }
        return CompletableFuture.completedFuture(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(reply)));
    }

    /**
     * Entries without a command (a new leader's first entry, configuration changes) advance the
     * applied index too; the state follows, so it always names the index it reflects.
     */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        state.updateAndGet(s -> index > s.appliedIndex()
                ? s.at(term, index)
                : s);
        waiters.advanced();
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        String what = request.getContent().toStringUtf8();
        if (!QUERY_STATE.equals(what)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown query '" + what + "' (expected: " + QUERY_STATE + ")"));
        }
        return CompletableFuture.completedFuture(Message.valueOf(
                org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(RegionStateCodec.encodeState(state.get()))));
    }

    /** Runs on the apply thread, so the state is exactly the one at its applied term and index. */
    @Override
    public long takeSnapshot() throws IOException {
        RegionState snapshot = state.get();
        if (snapshot.appliedIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        TermIndex at = TermIndex.valueOf(snapshot.appliedTerm(), snapshot.appliedIndex());
        Path file = storage.getSnapshotFile(at.getTerm(), at.getIndex()).toPath();
        RaftSnapshotFile.write(file, snapshot);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file.toFile());
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, md5), at));
        return at.getIndex();
    }

    private void notifyListeners(RegionState next) {
        for (Consumer<RegionState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // A broken listener must not stop the region's log from being applied.
                LOG.error("Region {} state listener failed at index {}", region, next.appliedIndex(), e);
            }
        }
    }
}
