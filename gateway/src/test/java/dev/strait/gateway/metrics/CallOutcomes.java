package dev.strait.gateway.metrics;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.CallOutcome;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finished calls and the snapshot of region {@code east} they are counted against: east serves
 * {@code web}, and routes {@code payments} to its own endpoints first, then to {@code west}.
 */
final class CallOutcomes {
    static final RegionName EAST = RegionName.of("east");
    static final RegionName WEST = RegionName.of("west");
    static final ServiceName PAYMENTS = ServiceName.of("payments");
    static final ServiceName WEB = ServiceName.of("web");

    static final RoutingSnapshot SNAPSHOT = new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh",
            Map.of(PAYMENTS, List.of(local(PAYMENTS), new Candidate.RemoteRegion(WEST, List.of(new HostPort("127.0.0.1", 9443)), 1, false))),
            Map.of(),
            Map.of(WEB, new RoutingSnapshot.LocalService(local(WEB), Set.of(WEST))),
            Map.of(WEST, Set.of(NodeId.of("gw-1"))), Set.of(), List.of(), Map.of(WEST, List.of(new HostPort("127.0.0.1", 9500))),
            CompiledAuthorization.compile(List.of()), List.of(), Map.of());

    private CallOutcomes() {}

    private static Candidate.LocalEndpoints local(ServiceName service) {
        return new Candidate.LocalEndpoints(EAST, service, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of());
    }

    /** A call a caller of {@code callerRegion} made to {@code service}, answered by {@code servedBy} with 200 on its first attempt. */
    static Builder call(Listener listener, RegionName callerRegion, String service, RegionName servedBy) {
        return new Builder(listener).caller(callerRegion).service(service).served(servedBy, servedBy, 1).status(200);
    }

    static final class Builder {
        private final Listener listener;
        private String path = "/";
        private String authority = "x.mesh";
        private Optional<ServiceName> service = Optional.empty();
        private Optional<RegionName> callerRegion = Optional.empty();
        private Optional<RegionName> firstChoice = Optional.empty();
        private Optional<RegionName> servedBy = Optional.empty();
        private int attempts;
        private int status = 200;
        private long requestBytes;
        private long responseBytes;
        private long durationNanos = 3_000_000;
        private Optional<GatewayError> error = Optional.empty();

        Builder(Listener listener) {
            this.listener = listener;
        }

        Builder caller(RegionName region) {
            this.callerRegion = Optional.of(region);
            return this;
        }

        Builder service(String name) {
            this.service = Optional.of(ServiceName.of(name));
            this.authority = name + ".mesh";
            return this;
        }

        Builder noService(String authority) {
            this.service = Optional.empty();
            this.authority = authority;
            return this;
        }

        Builder served(RegionName firstChoice, RegionName servedBy, int attempts) {
            this.firstChoice = Optional.of(firstChoice);
            this.servedBy = Optional.of(servedBy);
            this.attempts = attempts;
            return this;
        }

        Builder neverForwarded() {
            this.firstChoice = Optional.empty();
            this.servedBy = Optional.empty();
            this.attempts = 0;
            return this;
        }

        Builder status(int status) {
            this.status = status;
            return this;
        }

        Builder error(GatewayError error) {
            this.error = Optional.of(error);
            this.status = error.status();
            return this;
        }

        Builder bytes(long request, long response) {
            this.requestBytes = request;
            this.responseBytes = response;
            return this;
        }

        Builder path(String path) {
            this.path = path;
            return this;
        }

        Builder tookMillis(long millis) {
            this.durationNanos = millis * 1_000_000;
            return this;
        }

        CallOutcome build() {
            return new CallOutcome(Instant.parse("2026-01-01T00:00:00Z"), durationNanos, listener, "GET", authority, path, service,
                    Optional.of("default"), callerRegion, Optional.of("anonymous"), firstChoice, servedBy,
                    servedBy.map(r -> new HostPort("127.0.0.1", 9000)), attempts, durationNanos / 2, status, requestBytes,
                    responseBytes, error, Optional.empty(), Optional.empty());
        }
    }
}
