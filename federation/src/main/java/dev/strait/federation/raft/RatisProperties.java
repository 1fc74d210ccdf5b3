package dev.strait.federation.raft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Turns {@link RaftSettings} into Ratis properties, in one place so every promise we rely on is visible. */
final class RatisProperties {
    private static final long MAX_PREALLOCATED_BYTES = 4L * 1024 * 1024;
    private static final int MAX_PURGE_GAP = 1024;
    private static final int RAFT_SNAPSHOTS_KEPT = 2;
    private static final Duration MAX_CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private RatisProperties() {}

    static RaftProperties server(RaftSettings settings) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, settings.selfMember().raftAddress().host());
        GrpcConfigKeys.Server.setPort(p, settings.selfMember().raftAddress().port());

        RaftServerConfigKeys.setStorageDir(p, List.of(settings.raftDirectory().toFile()));
        // A node whose disk fills refuses to append rather than corrupting its log.
        RaftServerConfigKeys.setStorageFreeSpaceMin(p, SizeInBytes.valueOf(settings.minFreeDiskBytes()));

        RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(settings.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(settings.electionTimeoutMax()));
        // Ratis's default read option is not linearizable; reads that must be use ReadIndex.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);

        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, RAFT_SNAPSHOTS_KEPT);
        // Purging up to the raft snapshot is what makes a lagging follower catch up by snapshot installation.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(settings.snapshotThreshold(), MAX_PURGE_GAP));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(settings.logSegmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p,
                SizeInBytes.valueOf(Math.min(settings.logSegmentBytes(), MAX_PREALLOCATED_BYTES)));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        return p;
    }

    static RaftProperties client(RaftSettings settings) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        Duration timeout = settings.writeTimeout().compareTo(MAX_CLIENT_REQUEST_TIMEOUT) < 0
                ? settings.writeTimeout() : MAX_CLIENT_REQUEST_TIMEOUT;
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, duration(timeout));
        return p;
    }

    static TimeDuration duration(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
