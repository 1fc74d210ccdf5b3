package dev.strait.federation.raft;

import dev.strait.federation.catalog.CommandCheck;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * One node's view of its region's replicated state, backed by the region's Ratis group. Writes go
 * through Raft from any node (the client finds the leader); {@link #current()} reads the locally
 * applied state without waiting; {@link #read(boolean)} can also read linearizably.
 *
 * <p>Start it with {@link #start(RaftSettings)}; close it to stop the node's Raft server.
 */
public final class RegionStateStore implements AutoCloseable {
    private static final Duration MIN_LOCAL_APPLY_WAIT = Duration.ofSeconds(1);
    private static final TimeDuration CLIENT_RETRY_SLEEP = TimeDuration.valueOf(100, TimeUnit.MILLISECONDS);

    private final RaftSettings settings;
    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;
    private final RegionStateMachine machine;
    private final CommandCheck check;
    // Ratis's blocking client calls run here so that callers can give up after a bounded wait.
    private final ExecutorService calls;

    private RegionStateStore(RaftSettings settings, RaftGroup group, RaftServer server, RaftClient client,
            RegionStateMachine machine) {
        this.settings = settings;
        this.group = group;
        this.server = server;
        this.client = client;
        this.machine = machine;
        this.check = new CommandCheck(settings.region());
        this.calls = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("strait-raft-" + settings.region() + "-call-", 0).factory());
    }

    /**
     * Starts this node's Raft server for its region (recovering its log and latest raft snapshot
     * from the data directory when there are any) and a client to the group. Returns without
     * waiting for a leader; see {@link #hasLeader()}.
     */
    public static RegionStateStore start(RaftSettings settings) throws IOException {
        RaftGroupId groupId = RaftGroupId.valueOf(settings.groupUuid());
        List<RaftPeer> peers = settings.members().stream()
                .map(m -> RaftPeer.newBuilder().setId(m.id().value()).setAddress(m.raftAddress().toString()).build())
                .toList();
        RaftGroup group = RaftGroup.valueOf(groupId, peers);
        Files.createDirectories(settings.raftDirectory());
        // Ratis formats only a new directory and recovers only an existing one; pick by what is on disk.
        boolean existing = Files.isDirectory(settings.raftDirectory().resolve(groupId.getUuid().toString()));
        RegionStateMachine machine = new RegionStateMachine(settings.region());
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(settings.self().value()))
                .setGroup(group)
                .setProperties(RatisProperties.server(settings))
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .setStateMachine(machine)
                .build();
        RaftClient client = null;
        try {
            server.start();
            int attempts = (int) Math.max(1, settings.writeTimeout().toMillis() / CLIENT_RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
            client = RaftClient.newBuilder()
                    .setRaftGroup(group)
                    .setProperties(RatisProperties.client(settings))
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, CLIENT_RETRY_SLEEP))
                    .build();
            return new RegionStateStore(settings, group, server, client, machine);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            closeQuietly(server);
            throw e;
        }
    }

    /**
     * Proposes {@code command} to the region and returns once it is committed and applied on this
     * node. Checks it against the locally applied state first, so most bad commands are refused
     * without touching Raft; the leader and the apply step check again.
     *
     * @throws CommandRejectedException   the command does not fit the region's state; nothing changed
     * @throws RegionUnavailableException it did not commit within the write timeout (no leader or no
     *                                    quorum); it was not reported as done, and may still take effect if
     *                                    the region recovers
     */
    public WriteResult write(RegionCommand command) throws CommandRejectedException, RegionUnavailableException {
        Optional<String> refusal = check.reject(machine.current(), command);
        if (refusal.isPresent()) {
            throw new CommandRejectedException(refusal.get());
        }
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        Message message = Message.valueOf(ByteString.copyFrom(RegionStateCodec.encodeCommand(command)));
        RaftClientReply reply = call(() -> client.io().send(message), deadline, "the write was not committed");
        Optional<String> refusedAtApply = RegionStateCodec.decodeOutcome(reply.getMessage().getContent().toByteArray());
        if (refusedAtApply.isPresent()) {
            // Committed, but the state had changed by the time it was applied (e.g. a concurrent config apply won).
            throw new CommandRejectedException(refusedAtApply.get());
        }
        long index = reply.getLogIndex();
        long remaining = Math.max(deadline - System.nanoTime(), MIN_LOCAL_APPLY_WAIT.toNanos());
        boolean applied;
        try {
            machine.appliedAt(index).get(remaining, TimeUnit.NANOSECONDS);
            applied = true;
        } catch (TimeoutException e) {
            applied = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            applied = false;
        } catch (ExecutionException e) {
            applied = false;
        }
        return new WriteResult(index, applied);
    }

    /** The state this node has applied; never blocks, and keeps answering when the region has no quorum. */
    public RegionState current() {
        return machine.current();
    }

    /**
     * The region's state: the locally applied one, or, when {@code linearizable}, one that
     * reflects every write committed before this call (Raft ReadIndex through the leader).
     *
     * @throws RegionUnavailableException a linearizable read could not be served within the write timeout
     */
    public RegionState read(boolean linearizable) throws RegionUnavailableException {
        if (!linearizable) {
            return current();
        }
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        Message query = Message.valueOf(RegionStateMachine.QUERY_STATE);
        RaftPeerId self = RaftPeerId.valueOf(settings.self().value());
        try {
            // Served by this node once it has applied the leader's read index, so the answer is also local.
            RaftClientReply reply = call(() -> client.io().sendReadOnly(query, self), deadline, "the linearizable read failed");
            return RegionStateCodec.decodeState(reply.getMessage().getContent().toByteArray());
        } catch (CommandRejectedException e) {
            throw new RegionUnavailableException("the linearizable read was refused: " + e.reason(), e);
        }
    }

    /**
     * Calls {@code listener} with every new applied state, on the Ratis apply thread: keep it
     * quick (swap a reference, or hand off), since the region's log waits for it.
     */
    public void subscribe(Consumer<RegionState> listener) {
        machine.subscribe(listener);
    }

    /** This node's view of the group: role, leader, term, commit and applied index. */
    public RaftStatus status() {
        List<NodeId> members = settings.members().stream().map(RaftSettings.Member::id).toList();
        try {
            RaftServer.Division division = division();
            DivisionInfo info = division.getInfo();
            return new RaftStatus(settings.self(), role(info.getCurrentRole()), leaderOf(info), info.getCurrentTerm(),
                    division.getRaftLog().getLastCommittedIndex(), info.getLastAppliedIndex(), members);
        } catch (IOException e) {
            return new RaftStatus(settings.self(), RaftRole.UNKNOWN, Optional.empty(), 0, 0, machine.current().appliedIndex(), members);
        }
    }

    /** Ratis's own metrics (log worker, server, leader election, state machine) for this node's member of the group. */
    public RatisMemberMetrics ratisMetrics() {
        RaftGroupMemberId member = RaftGroupMemberId.valueOf(RaftPeerId.valueOf(settings.self().value()), group.getGroupId());
        return new RatisMemberMetrics(member.toString(), settings.members().stream().map(RaftSettings.Member::id).toList());
    }

    /** Whether this node knows a leader of its group (itself included); a region without one cannot write. */
    public boolean hasLeader() {
        return status().leader().isPresent();
    }

    public RaftSettings settings() {
        return settings;
    }

    /** Stops the client and this node's Raft server; the data directory stays for a restart. */
    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(server);
        calls.shutdownNow();
    }

    RaftServer.Division division() throws IOException {
        return server.getDivision(group.getGroupId());
    }

    /** How many raft snapshots this node has loaded (at start, or installed by the leader). */
    long raftSnapshotsLoaded() {
        return machine.raftSnapshotsLoaded();
    }

    private RaftClientReply call(Callable<RaftClientReply> request, long deadline, String failure)
            throws CommandRejectedException, RegionUnavailableException {
        Future<RaftClientReply> future = calls.submit(request);
        RaftClientReply reply;
        try {
            reply = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(failure, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RegionUnavailableException(failure + ": interrupted while waiting for region '" + settings.region() + "'", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StateMachineException refused) {
                throw new CommandRejectedException(reasonOf(refused));
            }
            throw unavailable(failure, cause);
        }
        if (!reply.isSuccess()) {
            if (reply.getStateMachineException() != null) {
                throw new CommandRejectedException(reasonOf(reply.getStateMachineException()));
            }
            throw unavailable(failure, reply.getException());
        }
        return reply;
    }

    private RegionUnavailableException unavailable(String failure, Throwable cause) {
        String leader = leaderOfSafely().map(NodeId::value).orElse("none");
        String within = failure + " within " + seconds(settings.writeTimeout()) + ": region '" + settings.region() + "'";
        if (cause == null) {
            // Nothing failed outright: the group never answered in time, which is what a lost quorum looks like.
            return new RegionUnavailableException(within + " has no Raft quorum (leader: " + leader + ")");
        }
        if (cause instanceof RaftException) {
            // Ratis gave up (retries exhausted, no leader, timeouts): the group could not form a majority.
            return new RegionUnavailableException(within + " has no Raft quorum (leader: " + leader + "); last error: "
                    + cause.getMessage(), cause);
        }
        return new RegionUnavailableException(within + " could not commit it (leader: " + leader + "): " + cause, cause);
    }

    private Optional<NodeId> leaderOfSafely() {
        try {
            return leaderOf(division().getInfo());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<NodeId> leaderOf(DivisionInfo info) {
        return Optional.ofNullable(info.getLeaderId()).map(id -> NodeId.of(id.toString()));
    }

    /** The leader wraps our refusal in its own text; keep only the part meant for a person. */
    private static String reasonOf(StateMachineException e) {
        String text = String.valueOf(e.getMessage());
        int at = text.indexOf(CommandRejectedException.MARKER);
        return at >= 0 ? text.substring(at + CommandRejectedException.MARKER.length()) : text;
    }

    private static RaftRole role(RaftPeerRole role) {
        return switch (role) {
            case LEADER -> RaftRole.LEADER;
            case FOLLOWER -> RaftRole.FOLLOWER;
            case CANDIDATE -> RaftRole.CANDIDATE;
            case LISTENER -> RaftRole.LISTENER;
            default -> RaftRole.UNKNOWN;
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort: the node is going away either way.
        }
    }
}
