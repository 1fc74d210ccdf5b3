package dev.strait.gateway.drill.scenario;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that what a scenario names exists in a federation: the services, regions and nodes of its
 * loads, faults and expectations, and that each load's region can call its service.
 */
final class FederationReferences {
    private final FederationConfig federation;
    private final Problems problems;
    private final SourceMap sources;

    FederationReferences(FederationConfig federation, Problems problems, SourceMap sources) {
        this.federation = federation;
        this.problems = problems;
        this.sources = sources;
    }

    void check(Scenario scenario) {
        for (int i = 0; i < scenario.load().size(); i++) {
            checkLoad(scenario.load().get(i), "load[" + i + "]");
        }
        for (int i = 0; i < scenario.timeline().size(); i++) {
            checkFault(scenario.timeline().get(i).fault(), "timeline[" + i + "].fault");
        }
        for (int i = 0; i < scenario.expectations().size(); i++) {
            String path = "expectations[" + i + "]";
            switch (scenario.expectations().get(i)) {
                case Expectation.TrafficMovesAway away -> region(away.from(), path + ".from");
                case Expectation.TrafficReturns returns -> region(returns.to(), path + ".to");
                default -> { }
            }
        }
    }

    private void checkLoad(LoadSpec load, String path) {
        Set<String> services = new LinkedHashSet<>();
        federation.regions().forEach(r -> r.services().forEach(s -> services.add(s.name().value())));
        boolean serviceKnown = services.contains(load.service().value());
        if (!serviceKnown) {
            add(path + ".service", NameHints.unknownName("service", load.service().value(), services));
        }
        Optional<RegionConfig> from = region(load.from(), path + ".from");
        if (serviceKnown && from.isPresent() && !reachable(load.service(), from.get())) {
            add(path + ".from", "region '" + load.from() + "' cannot call service '" + load.service() + "': it does not serve it,"
                    + " and no region that does exports it there (expected: one of " + String.join(", ", callers(load.service()))
                    + ", or an exportTo that lists '" + load.from() + "')");
        }
    }

    private boolean reachable(ServiceName service, RegionConfig from) {
        if (from.service(service).isPresent()) {
            return true;
        }
        return federation.regions().stream().flatMap(r -> r.service(service).stream())
                .anyMatch(s -> s.isExportedTo(from.name()));
    }

    /** The regions that serve {@code service} or that a region serving it exports it to. */
    private List<String> callers(ServiceName service) {
        Set<String> callers = new LinkedHashSet<>();
        for (RegionConfig region : federation.regions()) {
            region.service(service).ifPresent(s -> {
                callers.add(region.name().value());
                s.exportTo().forEach(to -> callers.add(to.value()));
            });
        }
        return List.copyOf(callers);
    }

    private void checkFault(DrillFault fault, String path) {
        switch (fault) {
            case DrillFault.FailEndpoints f -> serviceIn(f.service(), f.region(), path);
            case DrillFault.FailRegion f -> region(f.region(), path + ".region");
            case DrillFault.StopLeader f -> region(f.region(), path + ".region");
            case DrillFault.Partition f -> {
                region(f.a(), path + ".regions[0]");
                region(f.b(), path + ".regions[1]");
            }
            case DrillFault.Latency f -> target(f.target(), path);
            case DrillFault.Errors f -> target(f.target(), path);
            case DrillFault.StopNode f -> node(f.region(), f.node().value(), path);
            case DrillFault.RotateCertificate f -> node(f.region(), f.node().value(), path);
            case DrillFault.ExpireCertificate f -> node(f.region(), f.node().value(), path);
        }
    }

    private void target(DrillFault.Target target, String path) {
        switch (target) {
            case DrillFault.Target.Service s -> serviceIn(s.service(), s.region(), path);
            case DrillFault.Target.Between b -> {
                region(b.from(), path + ".from");
                region(b.to(), path + ".to");
            }
        }
    }

    private void serviceIn(ServiceName service, RegionName regionName, String path) {
        region(regionName, path + ".region").ifPresent(region -> {
            if (region.service(service).isEmpty()) {
                add(path + ".service", "service '" + service + "' is not served in region '" + regionName + "'" + NameHints.hint(
                        service.value(), region.services().stream().map(s -> s.name().value()).toList(), "services there"));
            }
        });
    }

    private void node(RegionName regionName, String node, String path) {
        region(regionName, path + ".region").ifPresent(region -> {
            List<String> nodes = region.nodes().stream().map(NodeConfig::id).map(Object::toString).toList();
            if (!nodes.contains(node)) {
                add(path + ".node", "region '" + regionName + "' has no node '" + node + "'" + NameHints.hint(node, nodes, "nodes"));
            }
        });
    }

    private Optional<RegionConfig> region(RegionName name, String path) {
        Optional<RegionConfig> region = federation.region(name);
        if (region.isEmpty()) {
            add(path, NameHints.unknownName("region", name.value(),
                    federation.regions().stream().map(r -> r.name().value()).toList()));
        }
        return region;
    }

    private void add(String element, String message) {
        problems.add(sources.of(element), element, message);
    }
}
