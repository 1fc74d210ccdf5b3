package dev.strait.federation.catalog;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a region replicates through Raft, as one immutable value: the applied config, the
 * catalog of local endpoints with their health, and runtime faults for drills.
 *
 * @param config       the applied federation config
 * @param catalog      per local service, its endpoints (config-declared and runtime-registered)
 * @param imports      per peer region, what it exports to this region (learned over federation)
 * @param faults       runtime faults on services for drills, by id (expired ones stay until the next fault write drops them)
 * @param linkFaults   runtime faults on the links to other regions, by id; ids are shared with {@code faults}
 *                     (an id names one fault of either kind)
 * @param appliedTerm  the Raft term of the last applied entry
 * @param appliedIndex the Raft index of the last applied entry
 */
public record RegionState(AppliedConfig config, Map<ServiceName, List<CatalogEndpoint>> catalog,
        Map<RegionName, ImportedRegion> imports, Map<String, Fault> faults, Map<String, LinkFault> linkFaults,
        long appliedTerm, long appliedIndex) {
    public static final RegionState EMPTY = new RegionState(AppliedConfig.NONE, Map.of(), Map.of(), Map.of(), Map.of(), 0, 0);

    /** A state without faults on links to other regions. */
    public RegionState(AppliedConfig config, Map<ServiceName, List<CatalogEndpoint>> catalog,
            Map<RegionName, ImportedRegion> imports, Map<String, Fault> faults, long appliedTerm, long appliedIndex) {
        this(config, catalog, imports, faults, Map.of(), appliedTerm, appliedIndex);
    }

    public RegionState {
        Objects.requireNonNull(config, "config");
        catalog = catalog.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        imports = Map.copyOf(imports);
        faults = Map.copyOf(faults);
        linkFaults = Map.copyOf(linkFaults);
    }

    public Optional<ImportedRegion> imported(RegionName origin) {
        return Optional.ofNullable(imports.get(origin));
    }

    /** The faults that still apply at {@code nowMillis}. */
    public List<Fault> activeFaults(long nowMillis) {
        return faults.values().stream().filter(f -> f.activeAt(nowMillis))
                .sorted(java.util.Comparator.comparing(Fault::id)).toList();
    }

    /** The faults on links to other regions that still apply at {@code nowMillis}, by id. */
    public List<LinkFault> activeLinkFaults(long nowMillis) {
        return linkFaults.values().stream().filter(f -> f.activeAt(nowMillis))
                .sorted(java.util.Comparator.comparing(LinkFault::id)).toList();
    }

    /** Whether {@code id} names a fault of either kind (expired or not). */
    public boolean hasFault(String id) {
        return faults.containsKey(id) || linkFaults.containsKey(id);
    }

    /** This state with the applied entry's position set. */
    public RegionState at(long term, long index) {
        return new RegionState(config, catalog, imports, faults, linkFaults, term, index);
    }

    public List<CatalogEndpoint> endpoints(ServiceName service) {
        return catalog.getOrDefault(service, List.of());
    }

    public Optional<CatalogEndpoint> endpoint(ServiceName service, EndpointId id) {
        return endpoints(service).stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
