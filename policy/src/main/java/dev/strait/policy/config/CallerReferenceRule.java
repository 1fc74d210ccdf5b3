package dev.strait.policy.config;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.NameGlob;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.TrustDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the callers of authorization rules against the federation: a caller pattern that names a
 * region, service or node exactly (no {@code *}) must name one that exists, and a SPIFFE ID pattern
 * must be of the federation's trust domain; otherwise the rule is about callers that can never
 * call. A service is known when a region serves it, or when a region's {@code localCallers} or
 * local listener's fixed {@code identity} gives its name to callers (workloads that are not behind
 * a gateway). Once a region's local listener takes client certificates, any workload its CA
 * issues a certificate to may call, declared or not, so service names are no longer checked.
 */
final class CallerReferenceRule implements ConfigRule {
    private final Optional<TrustDomain> trustDomain;

    /** @param trustDomain the federation's, when it bound; without it, trust domains are not checked */
    CallerReferenceRule(Optional<TrustDomain> trustDomain) {
        this.trustDomain = trustDomain;
    }

    /** The names rules may refer to. */
    private record Known(Set<String> regions, Set<String> services, Map<String, Set<String>> nodesByRegion, Set<String> nodes,
            boolean anyServiceByCertificate) {
        static Known of(List<RegionConfig> regions) {
            Known known = new Known(new LinkedHashSet<>(), new LinkedHashSet<>(), new HashMap<>(), new LinkedHashSet<>(),
                    regions.stream().anyMatch(region -> region.localListener().mutualTls()));
            for (RegionConfig region : regions) {
                known.regions.add(region.name().value());
                region.services().stream().map(ServiceConfig::name).forEach(name -> known.services.add(name.value()));
                Set<String> nodes = known.nodesByRegion.computeIfAbsent(region.name().value(), name -> new LinkedHashSet<>());
                region.nodes().stream().map(NodeConfig::id).forEach(node -> nodes.add(node.value()));
                known.nodes.addAll(nodes);
            }
            for (RegionConfig region : regions) {
                region.localCallers().stream().map(LocalCaller::service).forEach(name -> known.services.add(name.value()));
                region.localListener().identity().ifPresent(name -> known.services.add(name.value()));
            }
            return known;
        }
    }

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        Known known = Known.of(regions);
        for (RegionConfig region : regions) {
            for (ServiceConfig service : region.services()) {
                List<ElementPath> rulePaths = sources.itemsOf(ElementPath.service(region.name(), service.name()).key("authorization"));
                List<AuthorizationRule> rules = service.authorization();
                for (int i = 0; i < rules.size() && i < rulePaths.size(); i++) {
                    List<CallerPattern> from = rules.get(i).from();
                    List<ElementPath> fromPaths = sources.itemsOf(rulePaths.get(i).key("from"));
                    for (int j = 0; j < from.size() && j < fromPaths.size(); j++) {
                        ElementPath element = fromPaths.get(j);
                        for (String problem : problemsOf(from.get(j), known)) {
                            problems.add(sources.valueOf(element), element, problem);
                        }
                    }
                }
            }
        }
    }

    private List<String> problemsOf(CallerPattern pattern, Known known) {
        return switch (pattern) {
            case CallerPattern.FromRegion region -> unknown("region", region.region(), known.regions()).stream().toList();
            case CallerPattern.FromService service -> known.anyServiceByCertificate()
                    ? List.of()
                    : unknown("service", service.service(), known.services()).stream().toList();
            case CallerPattern.FromSpiffeId id -> {
                List<String> found = new ArrayList<>();
                if (trustDomain.isPresent() && !trustDomain.get().equals(id.trustDomain())) {
                    found.add("trust domain '" + id.trustDomain() + "' is not the federation's trust domain '"
                            + trustDomain.get() + "', so this caller pattern can match no caller");
                }
                Optional<String> unknownRegion = unknown("region", id.region(), known.regions());
                unknownRegion.ifPresent(found::add);
                switch (id.kind()) {
                    case SERVICE -> {
                        if (!known.anyServiceByCertificate()) {
                            unknown("service", id.name(), known.services()).ifPresent(found::add);
                        }
                    }
                    // A gateway node is always declared: within its region when the pattern names one that exists.
                    case NODE -> unknown("node", id.name(), id.region().kind() == NameGlob.Kind.EXACT && unknownRegion.isEmpty()
                            ? known.nodesByRegion().get(id.region().literal()) : known.nodes()).ifPresent(found::add);
                }
                yield found;
            }
            case CallerPattern.Anonymous _, CallerPattern.AnyAuthenticated _ -> List.of();
        };
    }

    /** A problem when {@code glob} names one name exactly and it is not among {@code names}. */
    private static Optional<String> unknown(String kind, NameGlob glob, Set<String> names) {
        if (glob.kind() != NameGlob.Kind.EXACT || names.contains(glob.literal())) {
            return Optional.empty();
        }
        return Optional.of(NameSuggester.unknownName(kind, glob.literal(), names));
    }
}
