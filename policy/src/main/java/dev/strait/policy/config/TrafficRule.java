package dev.strait.policy.config;

import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.traffic.TrafficCheck;
import dev.strait.policy.traffic.TrafficProblem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks each service's {@code traffic} block as a whole with {@link TrafficCheck}: splits that do
 * not add up to 100 or name a subset the block does not define, a region the federation does not
 * have or the service's own, the same destination twice, a {@code perTryTimeout} longer than the
 * timeout it runs under, and routes that can never match because an earlier one takes their calls.
 * Each problem is reported at the key it is about, or at its route when the route does not write
 * that key. A block that did not bind is not judged: its indexes would not be the document's.
 */
final class TrafficRule implements ConfigRule {
    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        Set<RegionName> known = new LinkedHashSet<>();
        regions.forEach(region -> known.add(region.name()));
        for (RegionConfig region : regions) {
            for (ServiceConfig service : region.services()) {
                ElementPath traffic = ElementPath.service(region.name(), service.name()).key("traffic");
                for (TrafficProblem problem : TrafficCheck.problems(service.traffic(), region.name(), known)) {
                    ElementPath element = elementOf(problem, traffic, sources);
                    problems.add(sources.valueOf(element), element, problem.message());
                }
            }
        }
    }

    /**
     * Where the problem goes: its key when the document writes it, else the route or destination it
     * is about (else the block: a problem is never dropped).
     */
    private static ElementPath elementOf(TrafficProblem problem, ElementPath traffic, SourceMap sources) {
        ElementPath owner = traffic;
        if (problem.route().isPresent()) {
            List<ElementPath> routes = sources.itemsOf(traffic.key("routes"));
            int route = problem.route().get();
            if (route >= routes.size()) {
                return traffic;
            }
            owner = routes.get(route);
            if (problem.destination().isPresent()) {
                List<ElementPath> split = sources.itemsOf(owner.key("split"));
                int destination = problem.destination().get();
                if (destination >= split.size()) {
                    return owner;
                }
                owner = split.get(destination);
            }
        }
        ElementPath field = problem.field().isEmpty() ? owner : owner.key(problem.field());
        return sources.hasKey(field) ? field : owner;
    }
}
