package dev.strait.policy.authz;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every service's authorization rules, compiled into an immutable structure that
 * {@link #decide decides} calls without blocking and without allocating. Build it with
 * {@link #compile} when the routing snapshot is built; share it between threads freely.
 */
public final class CompiledAuthorization {
    /** No rules for any service: every call gets the defaults. */
    public static final CompiledAuthorization EMPTY = new CompiledAuthorization(Map.of(), 0);

    private static final Decision ALLOWED_WITHOUT_ALLOW_RULES = new Decision.Allowed(Decision.Default.NO_ALLOW_RULES);
    private static final Decision DENIED_ANONYMOUS = denied(Decision.Default.ANONYMOUS);
    private static final Decision DENIED_CROSS_REGION = denied(Decision.Default.CROSS_REGION);
    private static final Decision DENIED_NO_ALLOW_RULE_MATCHED = denied(Decision.Default.NO_ALLOW_RULE_MATCHED);

    private final Map<ServiceName, ServiceRules> services;
    private final int ruleCount;

    private CompiledAuthorization(Map<ServiceName, ServiceRules> services, int ruleCount) {
        this.services = services;
        this.ruleCount = ruleCount;
    }

    /** A service's rules, split by action: all denies are tried before any allow. */
    private record ServiceRules(RuleIndex denies, RuleIndex allows) {}

    /**
     * Compiles the rules of every service. Services without an entry get the defaults.
     *
     * @throws InvalidAuthorizationException when a service is listed twice or a rule has an error
     *         ({@link ServiceAuthorization#problems()}); the message lists every one
     */
    public static CompiledAuthorization compile(Collection<ServiceAuthorization> authorizations) {
        Map<ServiceName, ServiceRules> services = new HashMap<>();
        List<String> errors = new ArrayList<>();
        int ruleCount = 0;
        for (ServiceAuthorization authorization : authorizations) {
            ServiceName service = authorization.service();
            if (services.containsKey(service)) {
                errors.add("service '" + service + "': listed more than once");
                continue;
            }
            authorization.problems().stream()
                    .filter(problem -> problem.kind().isError())
                    .forEach(problem -> errors.add("service '" + service + "': " + problem));
            List<CompiledRule> denies = new ArrayList<>();
            List<CompiledRule> allows = new ArrayList<>();
            List<AuthorizationRule> rules = authorization.rules();
            for (int index = 0; index < rules.size(); index++) {
                AuthorizationRule rule = rules.get(index);
                (rule.action() == Action.DENY ? denies : allows).add(new CompiledRule(service, index, rule));
            }
            services.put(service, new ServiceRules(new RuleIndex(denies), new RuleIndex(allows)));
            ruleCount += rules.size();
        }
        if (!errors.isEmpty()) {
            throw new InvalidAuthorizationException("authorization rules are not valid: " + String.join("; ", errors));
        }
        return new CompiledAuthorization(Map.copyOf(services), ruleCount);
    }

    /**
     * Decides one call; see the package documentation for the order of precedence.
     *
     * @param service       the service called
     * @param serviceRegion the region of the service instance this gateway would serve the call from (its own)
     * @param caller        who calls, and from which region
     * @param method        the request method
     * @param path          the request path, already normalized, without query
     * @param headers       the request headers
     */
    public Decision decide(ServiceName service, RegionName serviceRegion, CallerIdentity caller, String method,
            String path, HeaderLookup headers) {
        Objects.requireNonNull(serviceRegion, "serviceRegion");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        ServiceRules rules = services.get(Objects.requireNonNull(service, "service"));
        if (rules != null) {
            CompiledRule deny = rules.denies().firstMatch(caller, method, path, headers);
            if (deny != null) {
                return deny.decision();
            }
            CompiledRule allow = rules.allows().firstMatch(caller, method, path, headers);
            if (allow != null) {
                return allow.decision();
            }
        }
        if (caller instanceof CallerIdentity.Anonymous) {
            return DENIED_ANONYMOUS;
        }
        if (!caller.region().equals(serviceRegion)) {
            return DENIED_CROSS_REGION;
        }
        return rules != null && !rules.allows().isEmpty() ? DENIED_NO_ALLOW_RULE_MATCHED : ALLOWED_WITHOUT_ALLOW_RULES;
    }

    /** The services that have rules. */
    public Set<ServiceName> services() {
        return services.keySet();
    }

    /** How many rules were compiled, over all services. */
    public int ruleCount() {
        return ruleCount;
    }

    private static Decision denied(Decision.Default basis) {
        return new Decision.Denied(basis, basis.reason());
    }
}
