package dev.strait.policy.config;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.ServiceName;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a service's {@code faults} list into {@link Fault}s for drills: which calls (a path prefix
 * and a method, each optional), a delay and/or an abort, each with the share of calls it hits
 * (100 % unless given), and {@code until}, when the fault stops applying, as an RFC 3339 time.
 * {@link Fault} checks the values; its refusals are reported at the value they are about. That a
 * fault id is unique in its region is {@link FaultIdRule}'s to check.
 */
final class FaultBinder {
    private static final String TIME = "an RFC 3339 time such as 2026-12-01T00:00:00Z";
    // The fault's own service may be the invalid part of the document; the fault's values are checked all the same.
    private static final ServiceName UNNAMED = ServiceName.of("service");
    private static final int ALL = 100;

    private final BindContext context;
    private final ValueReader values;
    private final RequestMatchBinder matches;

    FaultBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
        this.matches = new RequestMatchBinder(context, values);
    }

    /** The faults, in order, when every one bound; empty otherwise (each problem reported). */
    Optional<List<Fault>> bind(Node node, ElementPath path, Optional<ServiceName> service) {
        return values.list(node, path, "a list of faults").flatMap(items -> {
            List<Fault> faults = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            for (ValueReader.Item item : items) {
                fault(item.node(), item.path(), service.orElse(UNNAMED)).ifPresent(fault -> {
                    faults.add(fault);
                    bound.add(item.path());
                });
            }
            context.sources().recordItems(path, bound);
            return bound.size() == items.size() ? Optional.of(faults) : Optional.empty();
        });
    }

    private Optional<Fault> fault(Node node, ElementPath path, ServiceName service) {
        return MappingFields.of(node, path, FormatKeys.FAULT, context).flatMap(fields -> {
            Optional<String> id = fields.required("id", (value, at) -> values.label(value, at, "fault id"));
            Optional<Optional<String>> prefix = optional(fields, "path", (value, at) -> pathPrefix(value, at, service));
            Optional<Optional<String>> method = optional(fields, "method", (value, at) -> method(value, at, service));
            Optional<Optional<Fault.Delay>> delay = optional(fields, "delay", this::delay);
            Optional<Optional<Fault.Abort>> abort = optional(fields, "abort", this::abort);
            Optional<Long> until = fields.required("until", this::until);
            if (id.isEmpty() || prefix.isEmpty() || method.isEmpty() || delay.isEmpty() || abort.isEmpty() || until.isEmpty()) {
                return Optional.empty();
            }
            // What is left for the constructor to refuse is about the fault as a whole: neither a delay nor an abort.
            return checked(node, path, () -> new Fault(id.get(), service, prefix.get(), method.get(), delay.get(),
                    abort.get(), until.get()));
        });
    }

    private Optional<String> pathPrefix(Node node, ElementPath path, ServiceName service) {
        return values.string(node, path, "a path prefix such as /api")
                .flatMap(text -> checked(node, path, () -> probe(service, Optional.of(text), Optional.empty())).map(_ -> text));
    }

    private Optional<String> method(Node node, ElementPath path, ServiceName service) {
        return matches.method(node, path)
                .flatMap(method -> checked(node, path, () -> probe(service, Optional.empty(), Optional.of(method))).map(_ -> method));
    }

    /** A fault with only {@code prefix} and {@code method} in question, so that the constructor judges those alone. */
    private static Fault probe(ServiceName service, Optional<String> prefix, Optional<String> method) {
        return new Fault("probe", service, prefix, method, Optional.empty(), Optional.of(new Fault.Abort(503, ALL)), 1);
    }

    private Optional<Fault.Delay> delay(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.FAULT_DELAY, context).flatMap(fields -> {
            Optional<Duration> duration = fields.required("duration", (value, at) -> values.duration(value, at,
                    Duration.ofMillis(1), Fault.Delay.MAX));
            Optional<Integer> percent = fields.optional("percent", this::percent, ALL);
            if (duration.isEmpty() || percent.isEmpty()) {
                return Optional.empty();
            }
            return checked(node, path, () -> new Fault.Delay(duration.get(), percent.get()));
        });
    }

    private Optional<Fault.Abort> abort(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.FAULT_ABORT, context).flatMap(fields -> {
            Optional<Integer> status = fields.required("status", (value, at) -> values.count(value, at, 400, 599)
                    .map(Long::intValue));
            Optional<Integer> percent = fields.optional("percent", this::percent, ALL);
            if (status.isEmpty() || percent.isEmpty()) {
                return Optional.empty();
            }
            return checked(node, path, () -> new Fault.Abort(status.get(), percent.get()));
        });
    }

    private Optional<Integer> percent(Node node, ElementPath path) {
        return values.count(node, path, 0, 100).map(Long::intValue);
    }

    /** {@code until} in epoch milliseconds. An offset is required: a local time would mean something else on each node. */
    private Optional<Long> until(Node node, ElementPath path) {
        return values.string(node, path, TIME).flatMap(text -> {
            long millis;
            try {
                millis = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                return problem(node, path, "expected " + TIME + ", got " + NodeDescription.of(node));
            }
            if (millis <= 0) {
                return problem(node, path, "time " + NodeDescription.quoted(text)
                        + " is too early (expected: after 1970-01-01T00:00:00Z)");
            }
            return Optional.of(millis);
        });
    }

    /** The key's value read by {@code reader}, as an optional; empty only when the value is wrong (and reported). */
    private static <T> Optional<Optional<T>> optional(MappingFields fields, String key,
            BiFunction<Node, ElementPath, Optional<T>> reader) {
        return fields.optional(key, (value, at) -> reader.apply(value, at).map(Optional::of), Optional.empty());
    }

    /** What {@code constructor} builds, or its refusal as a problem at the node. */
    private <T> Optional<T> checked(Node node, ElementPath path, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            return problem(node, path, e.getMessage());
        }
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}
