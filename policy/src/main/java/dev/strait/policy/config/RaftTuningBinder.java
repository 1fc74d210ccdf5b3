package dev.strait.policy.config;

import dev.strait.policy.model.RaftTuning;
import java.time.Duration;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Binds a region's {@code raft} block; what it leaves out comes from {@link RaftTuning#DEFAULTS}. */
final class RaftTuningBinder {
    private final BindContext context;
    private final ValueReader values;

    RaftTuningBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The tuning, or empty when any part of it is wrong (and reported). */
    Optional<RaftTuning> bind(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.RAFT, context).flatMap(fields -> {
            RaftTuning defaults = RaftTuning.DEFAULTS;
            Optional<Duration> min = fields.optional("electionTimeoutMin", values::duration, defaults.electionTimeoutMin());
            Optional<Duration> max = fields.optional("electionTimeoutMax", values::duration, defaults.electionTimeoutMax());
            Optional<Long> snapshotThreshold = fields.optional("snapshotThreshold",
                    (value, at) -> values.count(value, at, 1, Long.MAX_VALUE), defaults.snapshotThreshold());
            Optional<Long> minFreeDisk = fields.optional("minFreeDisk", values::byteSize, defaults.minFreeDiskBytes());
            Optional<Duration> writeTimeout = fields.optional("writeTimeout", values::duration, defaults.writeTimeout());
            if (min.isEmpty() || max.isEmpty() || snapshotThreshold.isEmpty() || minFreeDisk.isEmpty() || writeTimeout.isEmpty()) {
                return Optional.empty();
            }
            if (max.get().compareTo(min.get()) <= 0) {
                electionTimeoutsOutOfOrder(path, min.get(), max.get());
                return Optional.empty();
            }
            return Optional.of(new RaftTuning(min.get(), max.get(), snapshotThreshold.get(), minFreeDisk.get(), writeTimeout.get()));
        });
    }

    /** Reported at the maximum when it is written, since that is the value a reader compares last; else at the minimum. */
    private void electionTimeoutsOutOfOrder(ElementPath path, Duration min, Duration max) {
        ElementPath maxPath = path.key("electionTimeoutMax");
        ElementPath minPath = path.key("electionTimeoutMin");
        SourceMap sources = context.sources();
        if (sources.hasKey(maxPath)) {
            String minText = DurationSyntax.format(min) + (sources.hasKey(minPath) ? "" : ", the default");
            context.problems().add(sources.valueOf(maxPath), maxPath, "electionTimeoutMax " + DurationSyntax.format(max)
                    + " must be longer than electionTimeoutMin (" + minText + ")");
        } else {
            context.problems().add(sources.valueOf(minPath), minPath, "electionTimeoutMin " + DurationSyntax.format(min)
                    + " must be shorter than electionTimeoutMax (" + DurationSyntax.format(max) + ", the default)");
        }
    }
}
