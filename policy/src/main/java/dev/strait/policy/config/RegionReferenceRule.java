package dev.strait.policy.config;

import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the lists that name regions: a region's {@code failover}, and a service's
 * {@code exportTo} and {@code failover}. Each entry must name a region of the federation, once;
 * a failover list must not name the region it belongs to.
 *
 * <p>There is no cycle check beyond that, on purpose: failover is one hop. A gateway that
 * receives a call from a peer gateway serves it locally or fails it, and never forwards it again,
 * so {@code a: [b]} with {@code b: [a]} is the normal setup and cannot loop.
 */
final class RegionReferenceRule implements ConfigRule {
    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        Set<String> known = new LinkedHashSet<>();
        regions.forEach(region -> known.add(region.name().value()));
        for (RegionConfig region : regions) {
            ElementPath regionPath = ElementPath.region(region.name());
            checkList(region.failover(), regionPath.key("failover"), Optional.of(region.name()),
                    "region '" + region.name() + "' cannot fail over to itself", known, sources, problems);
            for (ServiceConfig service : region.services()) {
                ElementPath servicePath = ElementPath.service(region.name(), service.name());
                // Listing its own region in exportTo is redundant but harmless: local callers are always allowed.
                checkList(service.exportTo(), servicePath.key("exportTo"), Optional.empty(), "", known, sources, problems);
                checkList(service.failover(), servicePath.key("failover"), Optional.of(region.name()),
                        "service '" + service.name() + "' cannot fail over to its own region '" + region.name() + "'",
                        known, sources, problems);
            }
        }
    }

    private static void checkList(List<RegionName> entries, ElementPath listPath, Optional<RegionName> self,
            String selfMessage, Set<String> known, SourceMap sources, Problems problems) {
        List<ElementPath> paths = sources.itemsOf(listPath);
        Set<RegionName> seen = new HashSet<>();
        for (int i = 0; i < entries.size() && i < paths.size(); i++) {
            RegionName entry = entries.get(i);
            ElementPath element = paths.get(i);
            Position position = sources.valueOf(element);
            if (!known.contains(entry.value())) {
                problems.add(position, element, NameSuggester.unknownName("region", entry.value(), known));
            } else if (self.isPresent() && self.get().equals(entry)) {
                problems.add(position, element, selfMessage);
            } else if (!seen.add(entry)) {
                problems.add(position, element, "region '" + entry + "' appears twice");
            }
        }
    }
}
