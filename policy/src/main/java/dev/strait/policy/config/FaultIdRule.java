package dev.strait.policy.config;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the ids of the faults a region's services declare are unique in the region, across
 * its services: the region's faults, declared or set at run time, are one set addressed by id.
 */
final class FaultIdRule implements ConfigRule {
    private record First(Position position, ServiceName service) {}

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        for (RegionConfig region : regions) {
            Map<String, First> first = new HashMap<>();
            for (ServiceConfig service : region.services()) {
                List<ElementPath> paths = sources.itemsOf(ElementPath.service(region.name(), service.name()).key("faults"));
                List<Fault> faults = service.faults();
                for (int i = 0; i < faults.size() && i < paths.size(); i++) {
                    ElementPath idPath = paths.get(i).key("id");
                    Position position = sources.valueOf(idPath);
                    First previous = first.putIfAbsent(faults.get(i).id(), new First(position, service.name()));
                    if (previous != null) {
                        String where = previous.service().equals(service.name()) ? ""
                                : ", for service '" + previous.service() + "'";
                        problems.add(position, idPath, "duplicate fault id '" + faults.get(i).id() + "' in region '"
                                + region.name() + "' (first defined at line " + previous.position().line() + where + ")");
                    }
                }
            }
        }
    }
}
