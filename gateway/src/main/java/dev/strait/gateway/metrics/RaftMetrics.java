package dev.strait.gateway.metrics;

import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RaftStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.Supplier;

/** The node's place in its region's Raft group: its role (one series per role, 1 for the current one), term and log indexes. */
public final class RaftMetrics implements MeterBinder {
    /** The roles shown; a role not among them (a non-voting listener) counts as {@code unknown}. */
    private static final RaftRole[] ROLES = {RaftRole.LEADER, RaftRole.FOLLOWER, RaftRole.CANDIDATE, RaftRole.UNKNOWN};

    private final Supplier<RaftStatus> status;

    public RaftMetrics(Supplier<RaftStatus> status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RaftRole role : ROLES) {
            Gauge.builder("strait.raft.role", () -> shown(status.get().role()) == role ? 1 : 0)
                    .description("1 for the role this node has in its region's Raft group, 0 for the others")
                    .tag("role", role.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("strait.raft.term", () -> status.get().term())
                .description("The Raft term this node is in")
                .register(registry);
        Gauge.builder("strait.raft.commit.index", () -> status.get().commitIndex())
                .description("The highest Raft log index this node knows to be committed")
                .register(registry);
        Gauge.builder("strait.raft.applied.index", () -> status.get().appliedIndex())
                .description("The highest Raft log index this node has applied to its region state")
                .register(registry);
    }

    private static RaftRole shown(RaftRole role) {
        return switch (role) {
            case LEADER, FOLLOWER, CANDIDATE -> role;
            case LISTENER, UNKNOWN -> RaftRole.UNKNOWN;
        };
    }
}
