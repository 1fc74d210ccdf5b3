package dev.strait.gateway.authorization;

import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.authz.Decision;

/**
 * Decides whether the caller may make the call, with the snapshot's compiled authorization of
 * this region's services, and refuses it with {@code 403 denied} before anything reaches an
 * endpoint. It runs after route selection, since it needs the service the authority names.
 *
 * <p>The region that serves a service is the authority for it: a call from a peer gateway is
 * always decided here, and a call on the local listener is decided here when this region serves
 * the service and the call is not pinned to another region. A local call to a service served
 * elsewhere is left to the destination region's gateway (this gateway does not refuse it early).
 */
public final class Authorization implements Filter {
    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        RoutingSnapshot snapshot = exchange.snapshot();
        Resolution.Routed route = exchange.route();
        if (exchange.servedByThisRegion()) {
            RequestHead request = exchange.clientToGatewayRequest();
            Decision decision = snapshot.authorization().decide(route.service(), snapshot.region(),
                    exchange.caller().identity(), request.method(), request.path(),
                    new RequestHeaders(request.headers()));
            if (decision instanceof Decision.Denied denied) {
                throw new GatewayException(GatewayError.DENIED, "region '" + snapshot.region() + "' denies "
                        + exchange.caller().identity() + " calling service '" + route.service() + "': " + denied.reason());
            }
        }
        chain.proceed(exchange);
    }
}
