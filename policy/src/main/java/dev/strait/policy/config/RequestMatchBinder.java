package dev.strait.policy.config;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.InvalidAuthorizationException;
import dev.strait.policy.authz.PathMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds the conditions on a request that an authorization rule and a traffic route share, in one
 * syntax: {@code methods} (HTTP method names), {@code paths} (items of exactly one of
 * {@code exact}, {@code prefix} and {@code pattern}) and {@code headers} (a {@code name} and exactly
 * one condition). Each list, when written, has at least one item: {@code methods: []} reads as "no
 * method" but would mean any, so matching anything is written by leaving the key out.
 */
final class RequestMatchBinder {
    private static final String PATH_RULE = "a path needs exactly one of 'exact: PATH', 'prefix: PATH' and 'pattern: GLOB'";
    private static final String HEADER_RULE = "a header match needs 'name' and exactly one of 'exact: VALUE',"
            + " 'prefix: VALUE', 'present: true' and 'absent: true'";
    // HeaderMatch checks the name in its constructor; any condition will do for that.
    private static final HeaderMatch.Condition ANY_CONDITION = new HeaderMatch.Present();

    private final BindContext context;
    private final ValueReader values;

    RequestMatchBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The mapping's {@code methods}, upper case, in order; empty (no condition) when the key is absent. */
    Optional<Set<String>> methods(MappingFields fields) {
        return fields.optional("methods", (value, at) -> all(value, at, "a list of HTTP methods",
                Optional.of("expected at least one method (to match any method, leave out 'methods')"), this::method),
                List.<String>of()).map(LinkedHashSet::new);
    }

    /** The mapping's {@code paths}; empty (no condition) when the key is absent. */
    Optional<List<PathMatch>> paths(MappingFields fields) {
        return fields.optional("paths", (value, at) -> all(value, at, "a list of paths",
                Optional.of("expected at least one path (to match any path, leave out 'paths')"), this::pathItem),
                List.<PathMatch>of());
    }

    /** The mapping's {@code headers}; empty (no condition) when the key is absent. */
    Optional<List<HeaderMatch>> headers(MappingFields fields) {
        return fields.optional("headers", (value, at) -> all(value, at, "a list of header matches",
                Optional.of("expected at least one header match (to match any headers, leave out 'headers')"),
                this::headerItem), List.<HeaderMatch>of());
    }

    /**
     * A list whose items must all bind, or empty (each bad item reported). An empty list is refused
     * with {@code emptyProblem} when there is one.
     */
    <T> Optional<List<T>> all(Node node, ElementPath path, String expected, Optional<String> emptyProblem,
            BiFunction<Node, ElementPath, Optional<T>> reader) {
        return values.list(node, path, expected).flatMap(items -> {
            if (items.isEmpty() && emptyProblem.isPresent()) {
                return problem(node, path, emptyProblem.get());
            }
            List<T> bound = new ArrayList<>();
            List<ElementPath> boundPaths = new ArrayList<>();
            for (ValueReader.Item item : items) {
                reader.apply(item.node(), item.path()).ifPresent(value -> {
                    bound.add(value);
                    boundPaths.add(item.path());
                });
            }
            context.sources().recordItems(path, boundPaths);
            return bound.size() == items.size() ? Optional.of(bound) : Optional.empty();
        });
    }

    /** An HTTP method name, upper case. */
    Optional<String> method(Node node, ElementPath path) {
        return values.string(node, path, "an HTTP method such as GET")
                .flatMap(text -> parsed(node, path, () -> AuthorizationRule.parseMethod(text)));
    }

    private Optional<PathMatch> pathItem(Node node, ElementPath path) {
        if (!(node instanceof MappingNode)) {
            // The likeliest slip is a bare path, which could be meant as any of the three kinds.
            return problem(node, path, "expected a mapping such as { prefix: /api }, { exact: /health } or"
                    + " { pattern: /v1/*/items }, got " + NodeDescription.of(node));
        }
        return MappingFields.of(node, path, FormatKeys.PATH_MATCH, context).flatMap(fields -> {
            // Every value given is read, so that its own problems are reported too.
            Map<String, Optional<PathMatch>> read = new LinkedHashMap<>();
            for (String kind : FormatKeys.PATH_MATCH) {
                if (fields.has(kind)) {
                    read.put(kind, fields.required(kind, (value, at) -> pathValue(value, at, kind)));
                }
            }
            return ExclusiveKeys.one(fields, node, path, FormatKeys.PATH_MATCH, PATH_RULE, context).flatMap(read::get);
        });
    }

    private Optional<PathMatch> pathValue(Node node, ElementPath path, String kind) {
        return values.string(node, path, "a path such as /api").flatMap(text -> parsed(node, path, () -> switch (kind) {
            case "exact" -> PathMatch.exact(text);
            case "prefix" -> PathMatch.prefix(text);
            default -> PathMatch.pattern(text);
        }));
    }

    private Optional<HeaderMatch> headerItem(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.HEADER_MATCH, context).flatMap(fields -> {
            Optional<String> name = fields.required("name", this::headerName);
            Map<String, Optional<HeaderMatch.Condition>> read = new LinkedHashMap<>();
            for (String kind : FormatKeys.HEADER_CONDITIONS) {
                if (fields.has(kind)) {
                    read.put(kind, fields.required(kind, (value, at) -> condition(value, at, kind)));
                }
            }
            Optional<HeaderMatch.Condition> condition = ExclusiveKeys.one(fields, node, path, FormatKeys.HEADER_CONDITIONS,
                    HEADER_RULE, context).flatMap(read::get);
            if (name.isEmpty() || condition.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new HeaderMatch(name.get(), condition.get()));
        });
    }

    private Optional<String> headerName(Node node, ElementPath path) {
        return values.string(node, path, "a header name such as x-env")
                .flatMap(text -> parsed(node, path, () -> new HeaderMatch(text, ANY_CONDITION).name()));
    }

    private Optional<HeaderMatch.Condition> condition(Node node, ElementPath path, String kind) {
        return switch (kind) {
            case "exact" -> values.string(node, path, "a header value").map(HeaderMatch.Exact::new);
            case "prefix" -> values.string(node, path, "a header value prefix").map(HeaderMatch.Prefix::new);
            // 'present: false' and 'absent: false' are refused rather than read as the other one.
            case "present" -> values.bool(node, path).flatMap(on -> on ? Optional.of(new HeaderMatch.Present())
                    : problem(node, path, "expected true (for a header that must not be sent, use 'absent: true')"));
            default -> values.bool(node, path).flatMap(on -> on ? Optional.of(new HeaderMatch.Absent())
                    : problem(node, path, "expected true (for a header that must be sent, use 'present: true')"));
        };
    }

    /** What {@code parser} makes of a value, or its message as a problem at the value. */
    <T> Optional<T> parsed(Node node, ElementPath path, Supplier<T> parser) {
        try {
            return Optional.of(parser.get());
        } catch (InvalidAuthorizationException e) {
            return problem(node, path, e.getMessage());
        }
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}
