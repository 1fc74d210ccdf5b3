package dev.strait.policy.config;

import dev.strait.policy.traffic.Backoff;
import dev.strait.policy.traffic.HeaderEdits;
import dev.strait.policy.traffic.RateLimit;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import dev.strait.policy.traffic.RouteSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Binds the settings a service's {@code traffic} block gives every call and a route gives its own
 * calls: {@code timeout}, {@code perTryTimeout}, {@code retries}, {@code rateLimit},
 * {@code requestHeaders} and {@code responseHeaders}. A key left out is not set at that level (a
 * route then has the service's value). Whether {@code perTryTimeout} fits within {@code timeout}
 * depends on both levels, so it is {@link TrafficRule}'s to check.
 */
final class RouteSettingsBinder {
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    // A rate needs no more digits than this; a hostile value can be megabytes of them.
    private static final int MAX_NUMBER_LENGTH = 20;

    private final BindContext context;
    private final ValueReader values;

    RouteSettingsBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The settings of the mapping {@code fields} reads, or empty when any is wrong (and reported). */
    Optional<RouteSettings> bind(MappingFields fields, ElementPath path) {
        Optional<Optional<Duration>> timeout = optional(fields, "timeout", values::duration);
        Optional<Optional<Duration>> perTryTimeout = optional(fields, "perTryTimeout", values::duration);
        Optional<Optional<RetryRules>> retries = optional(fields, "retries", this::retries);
        Optional<Optional<RateLimit>> rateLimit = optional(fields, "rateLimit", this::rateLimit);
        Optional<HeaderEdits> requestHeaders = fields.optional("requestHeaders", this::headerEdits, HeaderEdits.NONE);
        Optional<HeaderEdits> responseHeaders = fields.optional("responseHeaders", this::headerEdits, HeaderEdits.NONE);
        if (timeout.isEmpty() || perTryTimeout.isEmpty() || retries.isEmpty() || rateLimit.isEmpty()
                || requestHeaders.isEmpty() || responseHeaders.isEmpty()) {
            return Optional.empty();
        }
        return checked(context.sources().valueOf(path), path, () -> new RouteSettings(timeout.get(), perTryTimeout.get(),
                retries.get(), rateLimit.get(), requestHeaders.get(), responseHeaders.get()));
    }

    /** Keys left out take the values of {@link RetryRules#DEFAULT}. */
    private Optional<RetryRules> retries(Node node, ElementPath path) {
        RetryRules defaults = RetryRules.DEFAULT;
        return MappingFields.of(node, path, FormatKeys.RETRIES, context).flatMap(fields -> {
            Optional<Integer> attempts = fields.optional("attempts", (value, at) -> values.count(value, at, 1,
                    RetryRules.MAX_ATTEMPTS).map(Long::intValue), defaults.attempts());
            Optional<Set<RetryOn>> on = fields.optional("on", this::retryConditions, defaults.on());
            Optional<Set<Integer>> statuses = fields.optional("statuses", this::statuses, defaults.statuses());
            Optional<Backoff> backoff = fields.optional("backoff", this::backoff, defaults.backoff());
            if (attempts.isEmpty() || on.isEmpty() || statuses.isEmpty() || backoff.isEmpty()) {
                return Optional.empty();
            }
            // What is left to refuse is 'on' and 'statuses' disagreeing: said at the statuses when they are written.
            ElementPath at = context.sources().hasKey(path.key("statuses")) ? path.key("statuses")
                    : context.sources().hasKey(path.key("on")) ? path.key("on") : path;
            return checked(context.sources().valueOf(at), at, () -> new RetryRules(attempts.get(), on.get(), statuses.get(),
                    backoff.get()));
        });
    }

    private Optional<Set<RetryOn>> retryConditions(Node node, ElementPath path) {
        return distinct(node, path, "a list of retry conditions",
                "expected at least one condition (for no retries, use 'attempts: 1')",
                (value, at) -> values.choice(value, at, "retry condition", RetryOn.values(), RetryOn::configName),
                condition -> "condition '" + condition + "'");
    }

    private Optional<Set<Integer>> statuses(Node node, ElementPath path) {
        return distinct(node, path, "a list of HTTP statuses",
                "expected at least one status (for none, leave out 'statuses')",
                (value, at) -> values.count(value, at, 100, 599).map(Long::intValue),
                status -> "status " + status);
    }

    /**
     * A non-empty list whose items all bind and none appears twice, or empty (each problem reported).
     *
     * @param describe how a message names an item, such as {@code status 409}
     */
    private <T> Optional<Set<T>> distinct(Node node, ElementPath path, String expected, String emptyProblem,
            BiFunction<Node, ElementPath, Optional<T>> reader, Function<T, String> describe) {
        return values.list(node, path, expected).flatMap(items -> {
            if (items.isEmpty()) {
                return problem(node, path, emptyProblem);
            }
            Set<T> bound = new LinkedHashSet<>();
            List<ElementPath> boundPaths = new ArrayList<>();
            boolean valid = true;
            for (ValueReader.Item item : items) {
                Optional<T> value = reader.apply(item.node(), item.path());
                if (value.isEmpty()) {
                    valid = false;
                } else if (!bound.add(value.get())) {
                    context.problems().add(Position.of(item.node()), item.path(), describe.apply(value.get()) + " appears twice");
                    valid = false;
                } else {
                    boundPaths.add(item.path());
                }
            }
            context.sources().recordItems(path, boundPaths);
            return valid ? Optional.of(bound) : Optional.empty();
        });
    }

    private Optional<Backoff> backoff(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.BACKOFF, context).flatMap(fields -> {
            Optional<Duration> base = fields.required("base", values::duration);
            Optional<Duration> max = fields.required("max", values::duration);
            if (base.isEmpty() || max.isEmpty()) {
                return Optional.empty();
            }
            // Both are positive; what is left to refuse is about the maximum (shorter than the base, or too long).
            ElementPath at = path.key("max");
            return checked(context.sources().valueOf(at), at, () -> new Backoff(base.get(), max.get()));
        });
    }

    /** {@code burst} defaults to a second's worth of calls. */
    private Optional<RateLimit> rateLimit(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.RATE_LIMIT, context).flatMap(fields -> {
            Optional<Double> rate = fields.required("requestsPerSecond", this::rate);
            if (rate.isEmpty()) {
                // The burst is read all the same, so that its own problems are reported too.
                fields.optional("burst", this::burst, 1);
                return Optional.empty();
            }
            int oneSecond = (int) Math.min(RateLimit.MAX, Math.max(1, Math.ceil(rate.get())));
            Optional<Integer> burst = fields.optional("burst", this::burst, oneSecond);
            return burst.flatMap(value -> checked(Position.of(node), path, () -> new RateLimit(rate.get(), value)));
        });
    }

    private Optional<Integer> burst(Node node, ElementPath path) {
        return values.count(node, path, 1, RateLimit.MAX).map(Long::intValue);
    }

    /** A plain decimal number, more than zero and at most {@link RateLimit#MAX}: {@code 50}, {@code 0.5}. */
    private Optional<Double> rate(Node node, ElementPath path) {
        String expected = "a number of calls per second such as 50 or 0.5";
        if (!(node instanceof ScalarNode scalar) || !NUMBER.matcher(scalar.getValue()).matches()) {
            return problem(node, path, "expected " + expected + ", got " + NodeDescription.of(node));
        }
        if (!scalar.getTag().equals(Tag.INT) && !scalar.getTag().equals(Tag.FLOAT)) {
            return problem(node, path, "expected " + expected + ", got a quoted string "
                    + NodeDescription.quoted(scalar.getValue()) + " (remove the quotes)");
        }
        String text = scalar.getValue();
        if (text.length() > MAX_NUMBER_LENGTH) {
            return problem(node, path, NodeDescription.quoted(text) + " has more than " + MAX_NUMBER_LENGTH
                    + " characters (expected: " + expected + ")");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() <= 0) {
            return problem(node, path, NodeDescription.shortened(text) + " is too small (expected: more than 0)");
        }
        if (value.compareTo(BigDecimal.valueOf(RateLimit.MAX)) > 0) {
            return problem(node, path, NodeDescription.shortened(text) + " is too large (expected: at most " + RateLimit.MAX + ")");
        }
        return Optional.of(value.doubleValue());
    }

    /**
     * {@code set}, {@code add} and {@code remove}. Each name and value is checked where it is written;
     * a name edited twice (in any case, in any of the three) is reported at its second edit.
     */
    private Optional<HeaderEdits> headerEdits(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.HEADER_EDITS, context).flatMap(fields -> {
            Map<String, Position> edited = new HashMap<>();
            Optional<Map<String, String>> set = fields.optional("set", (value, at) -> headerValues(value, at, edited),
                    Map.<String, String>of());
            Optional<Map<String, String>> add = fields.optional("add", (value, at) -> headerValues(value, at, edited),
                    Map.<String, String>of());
            Optional<List<String>> remove = fields.optional("remove", (value, at) -> removed(value, at, edited),
                    List.<String>of());
            if (set.isEmpty() || add.isEmpty() || remove.isEmpty()) {
                return Optional.empty();
            }
            return checked(Position.of(node), path, () -> new HeaderEdits(set.get(), add.get(), remove.get()));
        });
    }

    private Optional<Map<String, String>> headerValues(Node node, ElementPath path, Map<String, Position> edited) {
        return NamedEntries.read(node, path, "a mapping of header names to values, such as { x-env: prod }", context)
                .flatMap(entries -> {
                    Map<String, String> bound = new LinkedHashMap<>();
                    boolean valid = true;
                    for (NamedEntries.Entry entry : entries) {
                        Optional<String> value = values.string(entry.value(), entry.path(), "a header value");
                        boolean named = headerName(entry.name(), entry.keyNode(), entry.path(), edited);
                        // A value is judged with its own name, once the name is known to be fine.
                        Optional<String> checkedValue = value.filter(_ -> named).flatMap(text -> checked(Position.of(entry.value()),
                                entry.path(), () -> new HeaderEdits(Map.of(entry.name(), text), Map.of(), List.of())).map(_ -> text));
                        if (checkedValue.isEmpty()) {
                            valid = false;
                        } else {
                            bound.put(entry.name(), checkedValue.get());
                        }
                    }
                    return valid ? Optional.of(bound) : Optional.empty();
                });
    }

    private Optional<List<String>> removed(Node node, ElementPath path, Map<String, Position> edited) {
        return values.list(node, path, "a list of header names").flatMap(items -> {
            List<String> names = new ArrayList<>();
            List<ElementPath> boundPaths = new ArrayList<>();
            for (ValueReader.Item item : items) {
                values.string(item.node(), item.path(), "a header name such as x-debug")
                        .filter(name -> headerName(name, item.node(), item.path(), edited))
                        .ifPresent(name -> {
                            names.add(name);
                            boundPaths.add(item.path());
                        });
            }
            context.sources().recordItems(path, boundPaths);
            return names.size() == items.size() ? Optional.of(names) : Optional.empty();
        });
    }

    /** Whether {@code name} may be edited, and is not already; a problem at {@code node} when not. */
    private boolean headerName(String name, Node node, ElementPath path, Map<String, Position> edited) {
        // An edit that only removes the header has nothing but its name to refuse.
        Optional<HeaderEdits> alone = checked(Position.of(node), path, () -> new HeaderEdits(Map.of(), Map.of(), List.of(name)));
        if (alone.isEmpty()) {
            return false;
        }
        String lowerCase = alone.get().remove().getFirst();
        Position first = edited.putIfAbsent(lowerCase, Position.of(node));
        if (first != null) {
            context.problems().add(Position.of(node), path, "header '" + lowerCase + "' is already edited at line "
                    + first.line() + " (expected: each header in only one of set, add and remove, once)");
            return false;
        }
        return true;
    }

    /** The key's value read by {@code reader}, as an optional; empty only when the value is wrong (and reported). */
    private static <T> Optional<Optional<T>> optional(MappingFields fields, String key,
            BiFunction<Node, ElementPath, Optional<T>> reader) {
        return fields.optional(key, (value, at) -> reader.apply(value, at).map(Optional::of), Optional.empty());
    }

    /** What {@code constructor} builds, or its refusal as a problem at {@code position}. */
    private <T> Optional<T> checked(Position position, ElementPath path, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            context.problems().add(position, path, e.getMessage());
            return Optional.empty();
        }
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}
