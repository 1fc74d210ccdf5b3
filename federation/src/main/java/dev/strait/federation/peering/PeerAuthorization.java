package dev.strait.federation.peering;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.SpiffeIds;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * Admits a federation call only from a gateway node of another region of this federation, as
 * named by the SPIFFE ID of its client certificate (the chain was already checked against the
 * trust bundle). The caller's region is what it may export; it travels in {@link #ORIGIN}.
 */
final class PeerAuthorization implements ServerInterceptor {
    static final Context.Key<RegionName> ORIGIN = Context.key("strait-peering-origin");

    private final Supplier<RoutingSnapshot> snapshots;

    PeerAuthorization(Supplier<RoutingSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Optional<SpiffeId> id = SpiffeIds.fromSession(session);
        RoutingSnapshot snapshot = snapshots.get();
        if (id.orElse(null) instanceof SpiffeId.Node node && node.trustDomain().equals(snapshot.trustDomain())
                && snapshot.isPeerGateway(node.region(), node.node())) {
            return Contexts.interceptCall(Context.current().withValue(ORIGIN, node.region()), call, headers, next);
        }
        call.close(Status.PERMISSION_DENIED.withDescription(id.map(SpiffeId::uri).orElse("a caller without a SPIFFE ID")
                + " is not a gateway node of another region of this federation"), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
