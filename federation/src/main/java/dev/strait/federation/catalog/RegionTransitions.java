package dev.strait.federation.catalog;

import dev.strait.policy.model.Fault;
import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.DeregisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.ImportCatalog;
import dev.strait.federation.catalog.RegionCommand.ImportChanges;
import dev.strait.federation.catalog.RegionCommand.MarkStale;
import dev.strait.federation.catalog.RegionCommand.PutFault;
import dev.strait.federation.catalog.RegionCommand.PutLinkFault;
import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.RemoveFault;
import dev.strait.federation.catalog.RegionCommand.SetHealth;
import dev.strait.federation.catalog.RegionCommand.SetMaintenance;
import dev.strait.federation.catalog.Transition.Changed;
import dev.strait.federation.catalog.Transition.Refused;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The rules of a region's replicated state: how each {@link RegionCommand} changes a {@link
 * RegionState}. Pure and deterministic, because every node of the region applies the same log with
 * it and must arrive at the same state; nothing here reads clocks, files or the network.
 */
public final class RegionTransitions {
    private static final int MAX_PROBLEMS_IN_REASON = 5;

    private RegionTransitions() {}

    /**
     * Applies {@code command} to {@code state} as the entry at {@code term}/{@code index} of region
     * {@code region}'s log. A command that does not fit the state changes nothing but the applied
     * term and index; this method never throws on its input.
     */
    public static RegionState apply(RegionState state, RegionCommand command, RegionName region, long term, long index) {
        RegionState next = switch (decide(state, command, region)) {
            case Changed changed -> changed.state();
            case Refused refused -> state;
        };
        return next.at(term, index);
    }

    /**
     * What {@code command} would do to {@code state}: the new state (with the applied term and
     * index unchanged), or why it is refused.
     */
    public static Transition decide(RegionState state, RegionCommand command, RegionName region) {
        return switch (command) {
            case ApplyConfig c -> applyConfig(state, c, region);
            case RegisterEndpoint c -> register(state, c, region);
            case DeregisterEndpoint c -> deregister(state, c);
            case SetHealth c -> updateEndpoint(state, c.service(), c.endpoint(), e -> e.withHealth(c.health()));
            case SetMaintenance c -> updateEndpoint(state, c.service(), c.endpoint(),
                    e -> new CatalogEndpoint(e.id(), e.address(), e.source(), e.health(), e.draining(), c.maintenance()));
            case ImportCatalog c -> importCatalog(state, c, region);
            case ImportChanges c -> importChanges(state, c);
            case MarkStale c -> markStale(state, c);
            case PutFault c -> FaultTransitions.putFault(state, c, region);
            case PutLinkFault c -> FaultTransitions.putLinkFault(state, c, region);
            case RemoveFault c -> FaultTransitions.removeFault(state, c, region);
        };
    }

    private static Transition applyConfig(RegionState state, ApplyConfig command, RegionName region) {
        long version = state.config().version();
        if (version != command.expectedVersion()) {
            return new Refused("the region's config is at version " + version + ", not " + command.expectedVersion()
                    + " as expected (it changed meanwhile; re-read it, re-apply your change and retry)");
        }
        FederationConfig parsed;
        try {
            parsed = AppliedConfigParser.parse(command.yaml());
        } catch (ConfigException e) {
            return new Refused("the config is invalid:\n" + describe(e.problems()));
        } catch (RuntimeException e) {
            // The loader is expected to report problems as ConfigException; anything else is still a refusal, never a crash of the apply thread.
            return new Refused("the config could not be loaded: " + e.getMessage());
        }
        Optional<RegionConfig> regionConfig = parsed.region(region);
        if (regionConfig.isEmpty()) {
            return new Refused("the config does not declare region '" + region
                    + "' (a region's nodes cannot apply a config without it; keep the region in the config)");
        }
        AppliedConfig applied = new AppliedConfig(version + 1, AppliedConfig.digestOf(command.yaml()), command.yaml());
        Map<ServiceName, List<CatalogEndpoint>> catalog = rebuildCatalog(state, regionConfig.get());
        // A region that left the federation leaves nothing behind in routing.
        Map<RegionName, ImportedRegion> imports = new LinkedHashMap<>(state.imports());
        imports.keySet().removeIf(origin -> parsed.region(origin).isEmpty());
        // A fault on a service the region no longer declares could never apply again.
        Map<String, Fault> faults = new LinkedHashMap<>(state.faults());
        faults.values().removeIf(fault -> !catalog.containsKey(fault.service()));
        // Nor could a fault on the link to a region that left.
        Map<String, LinkFault> linkFaults = new LinkedHashMap<>(state.linkFaults());
        linkFaults.values().removeIf(fault -> parsed.region(fault.peer()).isEmpty());
        return new Changed(new RegionState(applied, catalog, imports, faults, linkFaults, state.appliedTerm(),
                state.appliedIndex()));
    }

    /**
     * The catalog under a new config: every service the config declares, its config endpoints
     * (keeping health and marks of an unchanged entry), then the runtime endpoints of services
     * that still exist, unless the config now declares an endpoint of the same id.
     */
    private static Map<ServiceName, List<CatalogEndpoint>> rebuildCatalog(RegionState state, RegionConfig region) {
        Map<ServiceName, List<CatalogEndpoint>> catalog = new LinkedHashMap<>();
        for (ServiceConfig service : region.services()) {
            List<CatalogEndpoint> previous = state.endpoints(service.name());
            List<CatalogEndpoint> endpoints = new ArrayList<>();
            for (EndpointConfig declared : service.endpoints()) {
                endpoints.add(previous.stream()
                        .filter(e -> e.source() == EndpointSource.CONFIG && e.id().equals(declared.id())
                                && e.address().equals(declared.address()))
                        .findFirst()
                        .orElse(new CatalogEndpoint(declared.id(), declared.address(), EndpointSource.CONFIG,
                                Health.UNKNOWN, false, false)));
            }
            previous.stream()
                    .filter(e -> e.source() == EndpointSource.RUNTIME && service.endpoint(e.id()).isEmpty())
                    .forEach(endpoints::add);
            catalog.put(service.name(), endpoints);
        }
        return catalog;
    }

    private static Transition register(RegionState state, RegisterEndpoint command, RegionName region) {
        if (!state.catalog().containsKey(command.service())) {
            return new Refused(notDeclared(command.service(), region));
        }
        Optional<CatalogEndpoint> existing = state.endpoint(command.service(), command.endpoint());
        if (existing.isPresent() && existing.get().source() == EndpointSource.CONFIG) {
            return new Refused("endpoint '" + command.endpoint() + "' of service '" + command.service()
                    + "' is declared in the config (change it there, or register under another id)");
        }
        CatalogEndpoint registered = existing
                .map(e -> e.address().equals(command.address())
                        ? e
                        : new CatalogEndpoint(e.id(), command.address(), EndpointSource.RUNTIME, Health.UNKNOWN,
                                e.draining(), e.maintenance()))
                .orElse(new CatalogEndpoint(command.endpoint(), command.address(), EndpointSource.RUNTIME,
                        Health.UNKNOWN, false, false));
        List<CatalogEndpoint> endpoints = new ArrayList<>(state.endpoints(command.service()));
        int position = indexOf(endpoints, command.endpoint());
        if (position >= 0) {
            endpoints.set(position, registered);
        } else {
            endpoints.add(registered);
        }
        return new Changed(withEndpoints(state, command.service(), endpoints));
    }

    private static Transition deregister(RegionState state, DeregisterEndpoint command) {
        Optional<CatalogEndpoint> existing = state.endpoint(command.service(), command.endpoint());
        if (existing.isEmpty()) {
            return new Refused(noSuchEndpoint(command.service(), command.endpoint()));
        }
        if (existing.get().source() == EndpointSource.CONFIG) {
            return new Refused("endpoint '" + command.endpoint() + "' of service '" + command.service()
                    + "' is declared in the config (remove it from the config instead)");
        }
        List<CatalogEndpoint> endpoints = new ArrayList<>(state.endpoints(command.service()));
        endpoints.remove(indexOf(endpoints, command.endpoint()));
        return new Changed(withEndpoints(state, command.service(), endpoints));
    }

    private static Transition updateEndpoint(RegionState state, ServiceName service, EndpointId id,
            UnaryOperator<CatalogEndpoint> update) {
        List<CatalogEndpoint> endpoints = new ArrayList<>(state.endpoints(service));
        int position = indexOf(endpoints, id);
        if (position < 0) {
            return new Refused(noSuchEndpoint(service, id));
        }
        endpoints.set(position, update.apply(endpoints.get(position)));
        return new Changed(withEndpoints(state, service, endpoints));
    }

    private static RegionState withEndpoints(RegionState state, ServiceName service, List<CatalogEndpoint> endpoints) {
        Map<ServiceName, List<CatalogEndpoint>> catalog = new LinkedHashMap<>(state.catalog());
        catalog.put(service, endpoints);
        return new RegionState(state.config(), catalog, state.imports(), state.faults(), state.linkFaults(), state.appliedTerm(),
                state.appliedIndex());
    }

    private static Transition importCatalog(RegionState state, ImportCatalog command, RegionName region) {
        if (command.origin().equals(region)) {
            return new Refused("region '" + region + "' cannot import its own services");
        }
        return new Changed(withImport(state, new ImportedRegion(command.origin(), command.version(), command.gateways(),
                command.healthyEndpoints(), command.atMillis(), false)));
    }

    private static Transition importChanges(RegionState state, ImportChanges command) {
        Optional<ImportedRegion> current = state.imported(command.origin());
        if (current.isEmpty() || current.get().stale() || current.get().version() != command.fromVersion()) {
            String held = current.map(i -> i.stale() ? "stale (at version " + i.version() + ")" : "at version " + i.version()
                    + ", not at version " + command.fromVersion()).orElse("absent");
            return new Refused("the import from region '" + command.origin() + "' is " + held + "; a full sync is needed");
        }
        Map<ServiceName, Integer> services = new LinkedHashMap<>(current.get().healthyEndpoints());
        services.keySet().removeAll(command.removals());
        services.putAll(command.upserts());
        List<HostPort> gateways = command.gateways().isEmpty() ? current.get().gateways() : command.gateways();
        return new Changed(withImport(state, new ImportedRegion(command.origin(), command.toVersion(), gateways, services,
                command.atMillis(), false)));
    }

    private static Transition markStale(RegionState state, MarkStale command) {
        Optional<ImportedRegion> current = state.imported(command.origin());
        if (current.isEmpty() || current.get().stale() || current.get().version() != command.version()) {
            return new Refused("the import from region '" + command.origin() + "' changed meanwhile");
        }
        return new Changed(withImport(state, current.get().markedStale()));
    }

    private static RegionState withImport(RegionState state, ImportedRegion imported) {
        Map<RegionName, ImportedRegion> imports = new LinkedHashMap<>(state.imports());
        imports.put(imported.origin(), imported);
        return new RegionState(state.config(), state.catalog(), imports, state.faults(), state.linkFaults(), state.appliedTerm(),
                state.appliedIndex());
    }

    private static int indexOf(List<CatalogEndpoint> endpoints, EndpointId id) {
        for (int i = 0; i < endpoints.size(); i++) {
            if (endpoints.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    static String notDeclared(ServiceName service, RegionName region) {
        return "service '" + service + "' is not declared in region '" + region + "' (declare it in the config first)";
    }

    private static String noSuchEndpoint(ServiceName service, EndpointId id) {
        return "service '" + service + "' has no endpoint '" + id + "' in the catalog";
    }

    private static String describe(List<ConfigProblem> problems) {
        String shown = problems.stream().limit(MAX_PROBLEMS_IN_REASON).map(ConfigProblem::toString)
                .collect(Collectors.joining("\n"));
        int hidden = problems.size() - MAX_PROBLEMS_IN_REASON;
        return hidden > 0 ? shown + "\n(and " + hidden + " more)" : shown;
    }
}
