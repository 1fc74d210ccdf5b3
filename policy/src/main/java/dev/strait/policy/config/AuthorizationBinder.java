package dev.strait.policy.config;

import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.RuleProblem;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a service's {@code authorization} list into {@link AuthorizationRule}s, in order, reporting
 * each element that does not parse where it is; the methods, paths and headers of a rule are
 * {@link RequestMatchBinder}'s to read. Then it judges the rules as a whole with
 * {@link ServiceAuthorization#problems()}: what {@link dev.strait.policy.authz.CompiledAuthorization#compile}
 * refuses, and also rules that can never decide a call (redundant ones, and allows that a deny
 * always overrides), since a config is validated whole. Whether callers name services, regions and
 * a trust domain of the federation is {@link CallerReferenceRule}'s to check.
 */
final class AuthorizationBinder {
    // problems() judges the rules alone; the service's own name may be the invalid part of the document.
    private static final ServiceName UNNAMED = ServiceName.of("service");

    private final BindContext context;
    private final ValueReader values;
    private final RequestMatchBinder matches;

    AuthorizationBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
        this.matches = new RequestMatchBinder(context, values);
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
            Optional<List<CallerPattern>> from = fields.required("from", (value, at) -> matches.all(value, at,
                    "a list of callers", Optional.empty(), this::caller));
            Optional<Set<String>> methods = matches.methods(fields);
            Optional<List<PathMatch>> paths = matches.paths(fields);
            Optional<List<HeaderMatch>> headers = matches.headers(fields);
            if (action.isEmpty() || from.isEmpty() || methods.isEmpty() || paths.isEmpty() || headers.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AuthorizationRule(action.get(), from.get(), methods.get(), paths.get(), headers.get()));
        });
    }

    private Optional<CallerPattern> caller(Node node, ElementPath path) {
        return values.string(node, path, "a caller such as service:checkout")
                .flatMap(text -> matches.parsed(node, path, () -> CallerPattern.parse(text)));
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }

    private static String spelling(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
