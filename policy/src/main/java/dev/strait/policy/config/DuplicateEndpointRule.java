package dev.strait.policy.config;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks that the endpoint ids of a service are unique: the catalog and the admin API address endpoints by id. */
final class DuplicateEndpointRule implements ConfigRule {
    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        for (RegionConfig region : regions) {
            for (ServiceConfig service : region.services()) {
                ElementPath endpointsPath = ElementPath.service(region.name(), service.name()).key("endpoints");
                List<ElementPath> paths = sources.itemsOf(endpointsPath);
                Map<EndpointId, Position> first = new HashMap<>();
                for (int i = 0; i < service.endpoints().size() && i < paths.size(); i++) {
                    EndpointConfig endpoint = service.endpoints().get(i);
                    ElementPath idPath = paths.get(i).key("id");
                    Position position = sources.valueOf(idPath);
                    Position previous = first.putIfAbsent(endpoint.id(), position);
                    if (previous != null) {
                        problems.add(position, idPath, "duplicate endpoint id '" + endpoint.id()
                                + "' (first defined at line " + previous.line() + ")");
                    }
                }
            }
        }
    }
}
