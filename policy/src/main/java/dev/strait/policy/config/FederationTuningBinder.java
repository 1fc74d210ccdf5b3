package dev.strait.policy.config;

import dev.strait.policy.model.FederationTuning;
import java.time.Duration;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a region's {@code federation} block; what it leaves out comes from
 * {@link FederationTuning#DEFAULTS}. Each value must lie within the range the format allows, which
 * is stricter than what {@link FederationTuning} itself accepts.
 */
final class FederationTuningBinder {
    // The ranges docs/config.md gives; FederationTuning accepts wider ones, so that tests can run faster.
    private static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(60);
    private static final Duration MIN_STALE_AFTER = Duration.ofMillis(200);
    private static final Duration MAX_STALE_AFTER = Duration.ofHours(1);
    private static final Duration MIN_PROBE_INTERVAL = Duration.ofMillis(20);
    private static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(60);
    private static final int MAX_PROBE_THRESHOLD = 10;
    private static final Duration MAX_FAILBACK_RAMP = Duration.ofMinutes(10);

    private final BindContext context;
    private final ValueReader values;

    FederationTuningBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The settings, or empty when any part of them is wrong (and reported). */
    Optional<FederationTuning> bind(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.FEDERATION, context).flatMap(fields -> {
            FederationTuning defaults = FederationTuning.DEFAULTS;
            Optional<Duration> heartbeatInterval = fields.optional("heartbeatInterval",
                    (value, at) -> values.duration(value, at, MIN_HEARTBEAT_INTERVAL, MAX_HEARTBEAT_INTERVAL),
                    defaults.heartbeatInterval());
            Optional<Duration> staleAfter = fields.optional("staleAfter",
                    (value, at) -> values.duration(value, at, MIN_STALE_AFTER, MAX_STALE_AFTER), defaults.staleAfter());
            Optional<Duration> probeInterval = fields.optional("probeInterval",
                    (value, at) -> values.duration(value, at, MIN_PROBE_INTERVAL, MAX_PROBE_INTERVAL), defaults.probeInterval());
            Optional<Duration> probeTimeout = fields.optional("probeTimeout", values::duration, defaults.probeTimeout());
            Optional<Integer> probeThreshold = fields.optional("probeThreshold",
                    (value, at) -> values.count(value, at, 1, MAX_PROBE_THRESHOLD).map(Long::intValue), defaults.probeThreshold());
            Optional<Duration> failbackRamp = fields.optional("failbackRamp",
                    (value, at) -> values.duration(value, at, Duration.ZERO, MAX_FAILBACK_RAMP), defaults.failbackRamp());

            // Both comparisons are made whatever else is wrong, so that each of their problems is reported too.
            boolean valid = true;
            if (heartbeatInterval.isPresent() && staleAfter.isPresent()
                    && staleAfter.get().compareTo(heartbeatInterval.get().multipliedBy(2)) <= 0) {
                staleAfterTooShort(path, heartbeatInterval.get(), staleAfter.get());
                valid = false;
            }
            if (probeInterval.isPresent() && probeTimeout.isPresent() && probeTimeout.get().compareTo(probeInterval.get()) >= 0) {
                probeTimeoutNotShorter(path, probeInterval.get(), probeTimeout.get());
                valid = false;
            }
            if (!valid || heartbeatInterval.isEmpty() || staleAfter.isEmpty() || probeInterval.isEmpty()
                    || probeTimeout.isEmpty() || probeThreshold.isEmpty() || failbackRamp.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new FederationTuning(heartbeatInterval.get(), staleAfter.get(), probeInterval.get(),
                    probeTimeout.get(), probeThreshold.get(), failbackRamp.get()));
        });
    }

    /**
     * Reported at {@code staleAfter} when it is written; else at the heartbeat interval, which then
     * undercuts the default. A sanity rule: the silence this region times is between a peer's
     * heartbeats, sent at the peer's interval, but regions usually share one.
     */
    private void staleAfterTooShort(ElementPath path, Duration heartbeatInterval, Duration staleAfter) {
        ElementPath stalePath = path.key("staleAfter");
        ElementPath heartbeatPath = path.key("heartbeatInterval");
        SourceMap sources = context.sources();
        if (sources.hasKey(stalePath)) {
            String heartbeatText = DurationSyntax.format(heartbeatInterval) + (sources.hasKey(heartbeatPath) ? "" : ", the default");
            context.problems().add(sources.valueOf(stalePath), stalePath, "staleAfter " + DurationSyntax.format(staleAfter)
                    + " must be longer than twice heartbeatInterval (" + heartbeatText + ")");
        } else {
            context.problems().add(sources.valueOf(heartbeatPath), heartbeatPath, "heartbeatInterval "
                    + DurationSyntax.format(heartbeatInterval) + " must be shorter than half of staleAfter ("
                    + DurationSyntax.format(staleAfter) + ", the default)");
        }
    }

    /** Reported at the timeout when it is written; else at the interval, which then undercuts the default timeout. */
    private void probeTimeoutNotShorter(ElementPath path, Duration probeInterval, Duration probeTimeout) {
        ElementPath timeoutPath = path.key("probeTimeout");
        ElementPath intervalPath = path.key("probeInterval");
        SourceMap sources = context.sources();
        if (sources.hasKey(timeoutPath)) {
            String intervalText = DurationSyntax.format(probeInterval) + (sources.hasKey(intervalPath) ? "" : ", the default");
            context.problems().add(sources.valueOf(timeoutPath), timeoutPath, "probeTimeout "
                    + DurationSyntax.format(probeTimeout) + " must be shorter than probeInterval (" + intervalText + ")");
        } else {
            context.problems().add(sources.valueOf(intervalPath), intervalPath, "probeInterval "
                    + DurationSyntax.format(probeInterval) + " must be longer than probeTimeout ("
                    + DurationSyntax.format(probeTimeout) + ", the default)");
        }
    }
}
