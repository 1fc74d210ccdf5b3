package dev.strait.gateway.admin;

import dev.strait.federation.catalog.ImportedRegion;
import java.time.Instant;
import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/catalog} (local, or linearizable with {@code ?consistent=true}) and
 * {@code PUT}/{@code DELETE /v1/catalog/{service}/endpoints/{id}}, written through Raft.
 */
final class CatalogResource {
    private final RegionStateStore store;
    private final Writes writes;

    CatalogResource(RegionStateStore store, Writes writes) {
        this.store = store;
        this.writes = writes;
    }

    AdminReply list(AdminRequest request) {
        boolean consistent = request.parameter("consistent").map(v -> v.isEmpty() || v.equals("true")).orElse(false);
        RegionState state;
        try {
            state = store.read(consistent);
        } catch (RegionUnavailableException e) {
            return Json.error(503, "unavailable", e.getMessage());
        }
        ObjectNode body = Json.object();
        body.put("region", store.settings().region().value());
        body.put("appliedIndex", state.appliedIndex());
        body.put("consistent", consistent);
        body.put("configVersion", state.config().version());
        ObjectNode services = body.putObject("services");
        for (Map.Entry<ServiceName, List<CatalogEndpoint>> service : new TreeMap<>(state.catalog()).entrySet()) {
            ArrayNode endpoints = services.putObject(service.getKey().value()).put("origin", "local").putArray("endpoints");
            for (CatalogEndpoint endpoint : service.getValue()) {
                endpoints.addObject()
                        .put("id", endpoint.id().value())
                        .put("address", endpoint.address().toString())
                        .put("source", endpoint.source().name().toLowerCase(Locale.ROOT))
                        .put("health", endpoint.health().name().toLowerCase(Locale.ROOT))
                        .put("maintenance", endpoint.maintenance())
                        .put("draining", endpoint.draining())
                        .put("routable", endpoint.routable());
            }
        }
        long now = System.currentTimeMillis();
        ArrayNode imports = body.putArray("imports");
        for (ImportedRegion imported : new TreeMap<>(state.imports()).values()) {
            ObjectNode entry = imports.addObject()
                    .put("region", imported.origin().value())
                    .put("origin", "imported")
                    .put("version", imported.version())
                    .put("syncedAt", Instant.ofEpochMilli(imported.syncedAtMillis()).toString())
                    .put("ageMillis", Math.max(0, now - imported.syncedAtMillis()))
                    .put("stale", imported.stale());
            ArrayNode gateways = entry.putArray("gateways");
            imported.gateways().forEach(g -> gateways.add(g.toString()));
            ObjectNode importedServices = entry.putObject("services");
            new TreeMap<>(imported.healthyEndpoints()).forEach((service, healthy) ->
                    importedServices.putObject(service.value()).put("healthyEndpoints", healthy));
        }
        return Json.reply(200, body);
    }

    AdminReply put(ServiceName service, EndpointId endpoint, AdminRequest request) {
        HostPort address;
        try {
            JsonNode body = Json.MAPPER.readTree(request.body());
            address = parseAddress(body.path("address").asString(""));
        } catch (RuntimeException e) {
            return Json.error(400, "bad_request", "expected a JSON body {\"address\": \"host:port\"}: " + e.getMessage());
        }
        return writes.write(new RegionCommand.RegisterEndpoint(service, endpoint, address));
    }

    AdminReply delete(ServiceName service, EndpointId endpoint) {
        return writes.write(new RegionCommand.DeregisterEndpoint(service, endpoint));
    }

    private static HostPort parseAddress(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + value + "' is not host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 1) {
            throw new IllegalArgumentException("port " + port + " is out of range (expected: 1-65535)");
        }
        return new HostPort(host, port);
    }
}
