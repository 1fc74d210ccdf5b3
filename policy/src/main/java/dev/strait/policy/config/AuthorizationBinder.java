package dev.strait.policy.config;

import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.InvalidAuthorizationException;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.RuleProblem;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a service's {@code authorization} list into {@link AuthorizationRule}s, in order, reporting
 * each element that does not parse where it is. Then it judges the rules as a whole with
 * {@link ServiceAuthorization#problems()}: what {@link dev.strait.policy.authz.CompiledAuthorization#compile}
 * refuses, and also rules that can never decide a call (redundant ones, and allows that a deny
 * always overrides), since a config is validated whole. Whether callers name services, regions and
 * a trust domain of the federation is {@link CallerReferenceRule}'s to check.
 */
final class AuthorizationBinder {
    private static final String PATH_RULE = "a path needs exactly one of 'exact: PATH', 'prefix: PATH' and 'pattern: GLOB'";
    private static final String HEADER_RULE = "a header match needs 'name' and exactly one of 'exact: VALUE',"
            + " 'prefix: VALUE', 'present: true' and 'absent: true'";
    // problems() judges the rules alone; the service's own name may be the invalid part of the document.
    private static final ServiceName UNNAMED = ServiceName.of("service");
    // HeaderMatch checks the name in its constructor; any condition will do for that.
    private static final HeaderMatch.Condition ANY_CONDITION = new HeaderMatch.Present();

    private final BindContext context;
    private final ValueReader values;

    AuthorizationBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The rules that bound, in order (the document is refused when any did not); empty when there are too many. */
    Optional<List<AuthorizationRule>> bind(Node node, ElementPath path) {
        return values.list(node, path, "a list of authorization rules").flatMap(items -> {
            List<AuthorizationRule> rules = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            for (ValueReader.Item item : items) {
                rule(item.node(), item.path()).ifPresent(rule -> {
                    rules.add(rule);
                    bound.add(item.path());
                });
            }
            context.sources().recordItems(path, bound);
            int size = rules.stream().mapToInt(AuthorizationBinder::items).sum();
            if (size > DocumentLimits.MAX_AUTHORIZATION_ITEMS) {
                return problem(node, path, "the rules have " + size + " items (each rule, and each caller, method, path"
                        + " and header in it), more than the limit of " + DocumentLimits.MAX_AUTHORIZATION_ITEMS
                        + " for one service; refusing rules too many to check for overlaps");
            }
            // Only a complete list is judged: the problems name other rules by index, which must be the document's.
            if (bound.size() == items.size()) {
                checkAsAWhole(rules, bound);
            }
            return Optional.of(rules);
        });
    }

    private static int items(AuthorizationRule rule) {
        return 1 + rule.from().size() + rule.methods().size() + rule.paths().size() + rule.headers().size();
    }

    private void checkAsAWhole(List<AuthorizationRule> rules, List<ElementPath> rulePaths) {
        for (RuleProblem problem : new ServiceAuthorization(UNNAMED, rules).problems()) {
            ElementPath rule = rulePaths.get(problem.ruleIndex());
            ElementPath element = problem.kind().element().isEmpty() ? rule : rule.key(problem.kind().element());
            // Errors or not to compile(), all of them are problems: a rule that can never decide is a mistake.
            context.problems().add(context.sources().valueOf(element), element, problem.message());
        }
    }

    private Optional<AuthorizationRule> rule(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.AUTHORIZATION_RULE, context).flatMap(fields -> {
            Optional<Action> action = fields.required("action", (value, at) -> values.choice(value, at, "action",
                    Action.values(), AuthorizationBinder::spelling));
            // An empty 'from' binds: ServiceAuthorization.problems() reports it.
            Optional<List<CallerPattern>> from = fields.required("from", (value, at) -> all(value, at, "a list of callers",
                    Optional.empty(), this::caller));
            Optional<List<String>> methods = fields.optional("methods", (value, at) -> all(value, at, "a list of HTTP methods",
                    Optional.of("expected at least one method (to match any method, leave out 'methods')"), this::method),
                    List.<String>of());
            Optional<List<PathMatch>> paths = fields.optional("paths", (value, at) -> all(value, at, "a list of paths",
                    Optional.of("expected at least one path (to match any path, leave out 'paths')"), this::pathItem),
                    List.<PathMatch>of());
            Optional<List<HeaderMatch>> headers = fields.optional("headers", (value, at) -> all(value, at,
                    "a list of header matches",
                    Optional.of("expected at least one header match (to match any headers, leave out 'headers')"),
                    this::headerItem), List.<HeaderMatch>of());
            if (action.isEmpty() || from.isEmpty() || methods.isEmpty() || paths.isEmpty() || headers.isEmpty()) {
                return Optional.empty();
            }
            Set<String> methodSet = new LinkedHashSet<>(methods.get());
            return Optional.of(new AuthorizationRule(action.get(), from.get(), methodSet, paths.get(), headers.get()));
        });
    }

    /**
     * A list whose items must all bind, or empty (each bad item reported). An empty list is refused
     * with {@code emptyProblem} when there is one: {@code methods: []} reads as "no method", but
     * would mean any.
     */
    private <T> Optional<List<T>> all(Node node, ElementPath path, String expected, Optional<String> emptyProblem,
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

    private Optional<CallerPattern> caller(Node node, ElementPath path) {
        return values.string(node, path, "a caller such as service:checkout")
                .flatMap(text -> parsed(node, path, () -> CallerPattern.parse(text)));
    }

    private Optional<String> method(Node node, ElementPath path) {
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
    private <T> Optional<T> parsed(Node node, ElementPath path, Supplier<T> parser) {
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

    private static String spelling(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
