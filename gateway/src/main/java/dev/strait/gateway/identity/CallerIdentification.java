package dev.strait.gateway.identity;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Decides who the caller is. On the local listener the caller is, in this order: the workload its
 * client certificate names, else the workload the region's {@code localCallers} map its source
 * address to (first match wins), else the listener's fixed identity, else anonymous; an
 * {@code x-strait-source} header from it is never believed. A client certificate that is not a
 * workload of this region (another region's workload, a gateway node) is refused with
 * {@code 403 denied}: such a caller belongs on its own region's local listener, or on the peer
 * listener. On the peer listener the connection must be a gateway node of another region of the
 * federation, and the caller is the identity it asserts in {@code x-strait-source}, which must be
 * of that gateway's own region.
 */
public final class CallerIdentification implements Filter {
    private final Optional<ServiceName> listenerIdentity;

    /** For a local listener without a fixed identity. */
    public CallerIdentification() {
        this(LocalListener.PLAINTEXT);
    }

    /** For a local listener set up as {@code listener} says (its fixed identity, if any). */
    public CallerIdentification(LocalListener listener) {
        this.listenerIdentity = listener.identity();
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        RoutingSnapshot snapshot = exchange.snapshot();
        exchange.caller(exchange.listener() == Listener.LOCAL
                ? localCaller(exchange, snapshot)
                : peerCaller(exchange, snapshot));
        chain.proceed(exchange);
    }

    private Caller localCaller(Exchange exchange, RoutingSnapshot snapshot) throws GatewayException {
        if (exchange.connectionIdentity().isPresent()) {
            return new Caller.Authenticated(localWorkload(exchange.connectionIdentity().get(), snapshot));
        }
        if (exchange.clientAddress().isPresent()) {
            InetAddress address = exchange.clientAddress().get();
            for (LocalCaller local : snapshot.localCallers()) {
                if (local.from().contains(address)) {
                    return new Caller.Authenticated(SpiffeId.service(snapshot.trustDomain(), snapshot.region(), local.service()));
                }
            }
        }
        if (listenerIdentity.isPresent()) {
            return new Caller.Authenticated(SpiffeId.service(snapshot.trustDomain(), snapshot.region(), listenerIdentity.get()));
        }
        return new Caller.Anonymous(snapshot.region());
    }

    /** The client certificate's workload, when it is one of this region; the TLS layer has verified the chain. */
    private static SpiffeId.Service localWorkload(SpiffeId certified, RoutingSnapshot snapshot) throws GatewayException {
        String refused = "client certificate " + certified.uri() + " is not a local caller of region '" + snapshot.region() + "': ";
        if (!certified.trustDomain().equals(snapshot.trustDomain())) {
            throw new GatewayException(GatewayError.DENIED, refused + "it is of trust domain '" + certified.trustDomain()
                    + "' (expected: a workload of trust domain '" + snapshot.trustDomain() + "')");
        }
        return switch (certified) {
            case SpiffeId.Service workload when workload.region().equals(snapshot.region()) -> workload;
            case SpiffeId.Service workload -> throw new GatewayException(GatewayError.DENIED, refused
                    + "it is a workload of region '" + workload.region() + "' (expected: a workload of region '"
                    + snapshot.region() + "'; a workload calls through its own region's gateway)");
            case SpiffeId.Node node -> throw new GatewayException(GatewayError.DENIED, refused
                    + "it is a gateway node's (expected: a workload certificate, spiffe://" + snapshot.trustDomain()
                    + "/region/" + snapshot.region() + "/service/NAME; gateways call each other on the peer listener)");
        };
    }

    private static Caller peerCaller(Exchange exchange, RoutingSnapshot snapshot) throws GatewayException {
        SpiffeId.Node gateway = peerGateway(exchange.connectionIdentity(), snapshot);
        List<String> asserted = exchange.clientToGatewayRequest().headers().getValuesList(StraitHeaders.SOURCE);
        if (asserted.isEmpty()) {
            return new Caller.Anonymous(gateway.region());
        }
        if (asserted.size() > 1) {
            throw new GatewayException(GatewayError.DENIED, "more than one " + StraitHeaders.SOURCE + " header");
        }
        Optional<SpiffeId> source = SpiffeId.parse(asserted.getFirst());
        if (source.isEmpty() || !source.get().trustDomain().equals(snapshot.trustDomain())) {
            throw new GatewayException(GatewayError.DENIED, StraitHeaders.SOURCE + " is not a SPIFFE ID of trust domain '"
                    + snapshot.trustDomain() + "'");
        }
        if (!source.get().region().equals(gateway.region())) {
            throw new GatewayException(GatewayError.DENIED, "gateway " + gateway.uri()
                    + " may only assert callers of region '" + gateway.region() + "'");
        }
        return new Caller.Authenticated(source.get());
    }

    /** The peer's gateway identity; the TLS layer has verified the chain, this checks the name. */
    private static SpiffeId.Node peerGateway(Optional<SpiffeId> identity, RoutingSnapshot snapshot) throws GatewayException {
        if (identity.isEmpty()) {
            throw new GatewayException(GatewayError.DENIED, "the peer listener accepts only gateways with a SPIFFE ID");
        }
        if (!(identity.get() instanceof SpiffeId.Node node)
                || !node.trustDomain().equals(snapshot.trustDomain())
                || !snapshot.isPeerGateway(node.region(), node.node())) {
            throw new GatewayException(GatewayError.DENIED, identity.get().uri()
                    + " is not a gateway node of another region of this federation");
        }
        return node;
    }
}
