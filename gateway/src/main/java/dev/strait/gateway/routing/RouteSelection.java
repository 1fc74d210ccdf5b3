package dev.strait.gateway.routing;

import dev.strait.federation.snapshot.Resolution;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;

/**
 * Resolves the call's authority against the snapshot into an ordered list of candidates, letting
 * the failback ramp put a recovering local region behind the next one for part of the calls.
 */
public final class RouteSelection implements Filter {
    private final FailbackRamp ramp;

    public RouteSelection(FailbackRamp ramp) {
        this.ramp = ramp;
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        String authority = exchange.clientToGatewayRequest().authority();
        Resolution resolution = exchange.listener() == Listener.LOCAL
                ? exchange.snapshot().resolveForLocalCaller(authority)
                : exchange.snapshot().resolveForPeer(authority, exchange.caller().region());
        switch (resolution) {
            case Resolution.Routed routed -> exchange.route(exchange.listener() == Listener.LOCAL ? ramp.apply(routed) : routed);
            case Resolution.UnknownService unknown ->
                    throw new GatewayException(GatewayError.UNKNOWN_SERVICE, "unknown service '" + unknown.authority() + "': " + unknown.reason());
            case Resolution.NotExported notExported ->
                    throw new GatewayException(GatewayError.DENIED, "service '" + notExported.service()
                            + "' is not exported to region '" + notExported.callerRegion() + "'");
        }
        chain.proceed(exchange);
    }
}
