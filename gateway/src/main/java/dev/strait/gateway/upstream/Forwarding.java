package dev.strait.gateway.upstream;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.UpstreamTls;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;

/**
 * The last stage: sends the call to the first candidate of its route, a local endpoint or a
 * gateway of another region, and relays the response.
 */
public final class Forwarding implements Filter {
    private final UpstreamTransports transports;
    private final Http2Forwarder http2;
    private final Http1Forwarder http1;

    public Forwarding(UpstreamTransports transports) {
        this.transports = transports;
        this.http2 = transports.http2Forwarder();
        this.http1 = transports.http1Forwarder();
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        List<Candidate> candidates = exchange.route().candidates();
        if (candidates.isEmpty()) {
            throw new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM, "no healthy endpoint for '" + exchange.route().service() + "'");
        }
        switch (candidates.getFirst()) {
            case Candidate.LocalEndpoints local -> toEndpoint(exchange, local);
            case Candidate.RemoteRegion remote -> toPeerGateway(exchange, remote);
        }
        chain.proceed(exchange);
    }

    private void toEndpoint(Exchange exchange, Candidate.LocalEndpoints local) throws GatewayException {
        if (local.endpoints().isEmpty()) {
            throw new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM, "no healthy endpoint for '" + local.service() + "'");
        }
        EndpointConfig endpoint = pick(local.endpoints());
        HttpFields.Mutable headers = OutboundHeaders.request(exchange.clientToGatewayRequest().headers(), exchange.caller());
        String authority = exchange.clientToGatewayRequest().authority();
        if (local.protocol().isHttp2()) {
            var tlsContext = local.upstreamTls() == UpstreamTls.PLAINTEXT ? null
                    : transports.tls().toEndpoints(local.service(), local.upstreamTls() == UpstreamTls.MTLS);
            http2.forward(exchange, new Http2Sessions.Key(endpoint.address(), tlsContext), authority, headers, local.region());
        } else {
            http1.forward(exchange, transports.http1(local.service(), local.upstreamTls()),
                    local.upstreamTls() != UpstreamTls.PLAINTEXT, endpoint.address(), authority, headers, local.region());
        }
    }

    private void toPeerGateway(Exchange exchange, Candidate.RemoteRegion remote) throws GatewayException {
        if (exchange.listener() == Listener.PEER) {
            // Resolution for peers never yields this; the check keeps calls from looping between regions.
            throw new GatewayException(GatewayError.UNKNOWN_SERVICE, "a call from a peer gateway is never forwarded to a third region");
        }
        HostPort gateway = pick(remote.gateways());
        // The original authority travels on: the remote gateway serves it from its own endpoints only.
        String authority = exchange.clientToGatewayRequest().authority();
        HttpFields.Mutable headers = OutboundHeaders.request(exchange.clientToGatewayRequest().headers(), exchange.caller());
        http2.forward(exchange, new Http2Sessions.Key(gateway, transports.tls().toPeerGateways(remote.region())), authority, headers, null);
    }

    private static <T> T pick(List<T> choices) {
        return choices.size() == 1 ? choices.getFirst() : choices.get(ThreadLocalRandom.current().nextInt(choices.size()));
    }
}
