package dev.strait.gateway.admin;

import dev.strait.federation.peering.PeeringStatus;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.operations.Drain;
import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A node's admin API: liveness and readiness, status, catalog, routes, and the writes that go
 * through the region's Raft group (endpoint registrations, config applies and drill faults).
 */
public final class NodeAdminApi implements AdminApi {
    private final BooleanSupplier ready;
    private final StatusResource status;
    private final CatalogResource catalog;
    private final ConfigResource config;
    private final RoutesResource routes;
    private final FaultsResource faults;
    private final MetricsResource metrics;
    private final DrainResource drain;

    /**
     * @param certificateNotAfter when the certificate the node uses now expires, for {@code /v1/status}
     * @param metrics             the node's metrics in the Prometheus text format, for {@code /metrics}
     * @param drain               the node's drain, begun by {@code POST /v1/drain} and shown in {@code /v1/status}
     */
    public NodeAdminApi(String federation, RegionStateStore store, SnapshotPublisher snapshots, Supplier<PeeringStatus> peering,
            Path configDirectory, BooleanSupplier ready, Supplier<Instant> certificateNotAfter, Supplier<String> metrics,
            Drain drain) {
        Writes writes = new Writes(store);
        this.ready = ready;
        this.status = new StatusResource(federation, store, snapshots, peering, ready, certificateNotAfter, drain::status);
        this.catalog = new CatalogResource(store, writes);
        this.config = new ConfigResource(store, writes, configDirectory);
        this.routes = new RoutesResource(snapshots);
        this.faults = new FaultsResource(store, writes, System::currentTimeMillis);
        this.metrics = new MetricsResource(metrics);
        this.drain = new DrainResource(drain);
    }

    @Override
    public AdminReply handle(AdminRequest request) {
        String[] segments = request.path().split("/", -1);
        String method = request.method();
        return switch (request.path()) {
            case "/healthz" -> AdminReply.text(200, "ok\n");
            case "/readyz" -> ready.getAsBoolean() ? AdminReply.text(200, "ready\n") : AdminReply.text(503, "not ready\n");
            case "/metrics" -> method.equals("GET") ? metrics.get() : notAllowed(method);
            case "/v1/status" -> method.equals("GET") ? status.get() : notAllowed(method);
            case "/v1/drain" -> method.equals("POST") ? drain.post() : notAllowed(method);
            case "/v1/catalog" -> method.equals("GET") ? catalog.list(request) : notAllowed(method);
            case "/v1/faults" -> method.equals("GET") ? faults.list() : notAllowed(method);
            case "/v1/config" -> switch (method) {
                case "GET" -> config.get();
                case "POST" -> config.apply(request);
                default -> notAllowed(method);
            };
            default -> {
                if (segments.length == 4 && segments[1].equals("v1") && segments[2].equals("routes")) {
                    yield method.equals("GET") ? routes.get(segments[3]) : notAllowed(method);
                }
                if (segments.length == 4 && segments[1].equals("v1") && segments[2].equals("faults")) {
                    yield fault(request, segments[3]);
                }
                if (segments.length == 6 && segments[1].equals("v1") && segments[2].equals("catalog") && segments[4].equals("endpoints")) {
                    yield endpoint(request, segments[3], segments[5]);
                }
                yield Json.error(404, "not_found", "no admin resource at " + request.path());
            }
        };
    }

    private AdminReply endpoint(AdminRequest request, String service, String endpoint) {
        if (!DnsLabel.isValid(service) || !DnsLabel.isValid(endpoint)) {
            return Json.error(400, "bad_request", "service and endpoint ids are DNS labels (a-z, 0-9 and '-')");
        }
        return switch (request.method()) {
            case "PUT" -> catalog.put(new ServiceName(service), new EndpointId(endpoint), request);
            case "DELETE" -> catalog.delete(new ServiceName(service), new EndpointId(endpoint));
            default -> notAllowed(request.method());
        };
    }

    private AdminReply fault(AdminRequest request, String id) {
        if (!DnsLabel.isValid(id)) {
            return Json.error(400, "bad_request", "fault ids are DNS labels (" + DnsLabel.RULE + ")");
        }
        return switch (request.method()) {
            case "GET" -> faults.get(id);
            case "PUT" -> faults.put(id, request);
            case "DELETE" -> faults.delete(id);
            default -> notAllowed(request.method());
        };
    }

    private static AdminReply notAllowed(String method) {
        return Json.error(405, "method_not_allowed", method + " is not allowed here");
    }
}
