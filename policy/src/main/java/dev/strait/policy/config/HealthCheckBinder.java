package dev.strait.policy.config;

import dev.strait.policy.model.HealthCheck;
import java.time.Duration;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a service's {@code healthCheck} block: exactly one of {@code http} and {@code tcp}, with
 * timing and thresholds that default to those of {@link HealthCheck}.
 */
final class HealthCheckBinder {
    private static final String EXACTLY_ONE = "a health check needs exactly one of 'http: <path>' and 'tcp: true'";

    private final BindContext context;
    private final ValueReader values;

    HealthCheckBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The check, or empty when any part of it is wrong (and reported). */
    Optional<HealthCheck> bind(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.HEALTH_CHECK, context).flatMap(fields -> {
            // Both are read whatever else is wrong, so that their own problems are reported too.
            boolean http = fields.has("http");
            boolean tcp = fields.has("tcp");
            Optional<String> requestPath = http ? fields.required("http", this::requestPath) : Optional.empty();
            Optional<Boolean> tcpValid = tcp ? fields.required("tcp", this::tcpFlag) : Optional.empty();
            Optional<Duration> interval = fields.optional("interval", values::duration, HealthCheck.DEFAULT_INTERVAL);
            Optional<Duration> timeout = fields.optional("timeout", values::duration, HealthCheck.DEFAULT_TIMEOUT);
            Optional<Integer> healthy = fields.optional("healthyThreshold", this::threshold, HealthCheck.DEFAULT_HEALTHY_THRESHOLD);
            Optional<Integer> unhealthy = fields.optional("unhealthyThreshold", this::threshold, HealthCheck.DEFAULT_UNHEALTHY_THRESHOLD);

            boolean valid = kind(node, path, http, tcp);
            if (interval.isPresent() && timeout.isPresent() && timeout.get().compareTo(interval.get()) >= 0) {
                timeoutNotShorter(path, interval.get(), timeout.get());
                valid = false;
            }
            if (!valid || (http && requestPath.isEmpty()) || (tcp && tcpValid.isEmpty())
                    || interval.isEmpty() || timeout.isEmpty() || healthy.isEmpty() || unhealthy.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(http
                    ? new HealthCheck.Http(requestPath.get(), interval.get(), timeout.get(), healthy.get(), unhealthy.get())
                    : new HealthCheck.Tcp(interval.get(), timeout.get(), healthy.get(), unhealthy.get()));
        });
    }

    /** Whether exactly one kind is given; a problem otherwise. */
    private boolean kind(Node node, ElementPath path, boolean http, boolean tcp) {
        if (http && tcp) {
            // At the later of the two keys: the one that was likely added to a working check.
            SourceMap sources = context.sources();
            ElementPath later = sources.keyOf(path.key("http")).compareTo(sources.keyOf(path.key("tcp"))) > 0
                    ? path.key("http") : path.key("tcp");
            context.problems().add(sources.keyOf(later), later, "both 'http' and 'tcp' are set (" + EXACTLY_ONE + ")");
            return false;
        }
        if (!http && !tcp) {
            context.problems().add(Position.of(node), path, "missing 'http' or 'tcp' (" + EXACTLY_ONE + ")");
            return false;
        }
        return true;
    }

    /** Reported at the timeout when it is written; else at the interval, which then undercuts the default timeout. */
    private void timeoutNotShorter(ElementPath path, Duration interval, Duration timeout) {
        ElementPath timeoutPath = path.key("timeout");
        ElementPath intervalPath = path.key("interval");
        SourceMap sources = context.sources();
        if (sources.hasKey(timeoutPath)) {
            String intervalText = DurationSyntax.format(interval) + (sources.hasKey(intervalPath) ? "" : ", the default");
            context.problems().add(sources.valueOf(timeoutPath), timeoutPath, "timeout " + DurationSyntax.format(timeout)
                    + " must be shorter than interval (" + intervalText + ")");
        } else {
            context.problems().add(sources.valueOf(intervalPath), intervalPath, "interval " + DurationSyntax.format(interval)
                    + " must be longer than timeout (" + DurationSyntax.format(timeout) + ", the default)");
        }
    }

    private Optional<String> requestPath(Node node, ElementPath path) {
        return values.string(node, path, "a request path such as /healthz").flatMap(value -> {
            if (HealthCheck.Http.isValidPath(value)) {
                return Optional.of(value);
            }
            context.problems().add(Position.of(node), path, "health check path " + NodeDescription.quoted(value)
                    + " is not valid (expected: a path starting with '/', without spaces, such as /healthz)");
            return Optional.empty();
        });
    }

    /** {@code tcp: false} is refused rather than read as "no check", which is written by leaving the block out. */
    private Optional<Boolean> tcpFlag(Node node, ElementPath path) {
        return values.bool(node, path).flatMap(on -> {
            if (on) {
                return Optional.of(true);
            }
            context.problems().add(Position.of(node), path,
                    "expected true (to check by HTTP, use 'http: <path>'; for no active check, leave out 'healthCheck')");
            return Optional.empty();
        });
    }

    private Optional<Integer> threshold(Node node, ElementPath path) {
        return values.count(node, path, 1, Integer.MAX_VALUE).map(Long::intValue);
    }
}
