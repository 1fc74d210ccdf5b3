package dev.strait.gateway.upstream;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.PeekableBody;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.UpstreamTls;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/**
 * The last stage: sends the call to its route's candidates in order (the region's own
 * endpoints, then other regions' gateways), one target at a time, and relays the response.
 *
 * <p>A call moves to another target only when that cannot do harm: when the last target was
 * never reached (no connection or stream opened; the target is then avoided for a while), when
 * a peer gateway refused it because its region has no healthy endpoint, or when it reached the
 * target but is idempotent and bodyless and the client has no response yet. Bodies are never
 * buffered for a retry: a call whose body was partly sent stays where it went.
 */
public final class Forwarding implements Filter {
    /** At most this many targets per call, so a dead federation cannot multiply load. */
    static final int MAX_ATTEMPTS = 3;
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private final UpstreamTransports transports;
    private final TargetBalancer balancer;
    private final Http2Forwarder http2;
    private final Http1Forwarder http1;

    public Forwarding(UpstreamTransports transports) {
        this.transports = transports;
        this.balancer = transports.balancer();
        this.http2 = transports.http2Forwarder();
        this.http1 = transports.http1Forwarder();
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        List<Candidate> candidates = exchange.route().candidates();
        Set<HostPort> tried = new HashSet<>();
        GatewayException last = null;
        int attempts = 0;
        for (int i = 0; i < candidates.size() && attempts < MAX_ATTEMPTS; i++) {
            Candidate candidate = candidates.get(i);
            List<HostPort> targets = targets(candidate);
            // A region whose every target was just found unreachable is passed over, unless it is the last hope.
            boolean lastCandidate = i == candidates.size() - 1;
            if (!lastCandidate && balancer.allEjected(targets)) {
                continue;
            }
            Optional<HostPort> target;
            while (attempts < MAX_ATTEMPTS && (target = balancer.pick(targets, tried, lastCandidate)).isPresent()) {
                tried.add(target.get());
                attempts++;
                try {
                    attempt(exchange, candidate, target.get());
                    chain.proceed(exchange);
                    return;
                } catch (AttemptFailedException failure) {
                    last = failure.error();
                    if (!mayTryElsewhere(exchange, failure)) {
                        throw last;
                    }
                }
            }
        }
        throw last != null ? last : new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM,
                "no healthy endpoint for '" + exchange.route().service() + "'");
    }

    private void attempt(Exchange exchange, Candidate candidate, HostPort target) throws AttemptFailedException {
        balancer.begin(target);
        try {
            switch (candidate) {
                case Candidate.LocalEndpoints local -> toEndpoint(exchange, local, target);
                case Candidate.RemoteRegion remote -> toPeerGateway(exchange, remote, target);
            }
            balancer.reachable(target);
        } catch (AttemptFailedException failure) {
            if (failure.reach() == AttemptFailedException.Reach.NOT_SENT) {
                balancer.eject(target);
            } else {
                balancer.reachable(target);
            }
            throw failure;
        } finally {
            balancer.end(target);
        }
    }

    private static boolean mayTryElsewhere(Exchange exchange, AttemptFailedException failure) {
        RequestHead head = exchange.clientToGatewayRequest();
        PeekableBody body = exchange.clientToGatewayBody();
        if (failure.reach() == AttemptFailedException.Reach.FINAL) {
            return false;
        }
        if (failure.reach() == AttemptFailedException.Reach.NOT_SENT && body.untouched()) {
            return true;
        }
        // Peek only at a body nobody read yet: a streaming client may send nothing until it hears back.
        boolean bodyless = RequestBodies.isEmpty(head) || (body.untouched() && body.isEmpty());
        return switch (failure.reach()) {
            case NOT_SENT, REFUSED_BY_PEER -> bodyless;
            case SENT -> bodyless && IDEMPOTENT.contains(head.method());
            case FINAL -> false;
        };
    }

    private static List<HostPort> targets(Candidate candidate) {
        return switch (candidate) {
            case Candidate.LocalEndpoints local -> local.endpoints().stream().map(EndpointConfig::address).toList();
            case Candidate.RemoteRegion remote -> remote.gateways();
        };
    }

    private void toEndpoint(Exchange exchange, Candidate.LocalEndpoints local, HostPort endpoint) throws AttemptFailedException {
        HttpFields.Mutable headers = OutboundHeaders.request(exchange.clientToGatewayRequest().headers(), exchange.caller());
        String authority = exchange.clientToGatewayRequest().authority();
        if (local.protocol().isHttp2()) {
            var tlsContext = local.upstreamTls() == UpstreamTls.PLAINTEXT ? null
                    : transports.tls().toEndpoints(local.service(), local.upstreamTls() == UpstreamTls.MTLS);
            http2.forward(exchange, new Http2Sessions.Key(endpoint, tlsContext), authority, headers, local.region());
        } else {
            http1.forward(exchange, transports.http1(local.service(), local.upstreamTls()),
                    local.upstreamTls() != UpstreamTls.PLAINTEXT, endpoint, authority, headers, local.region());
        }
    }

    private void toPeerGateway(Exchange exchange, Candidate.RemoteRegion remote, HostPort gateway) throws AttemptFailedException {
        if (exchange.listener() == Listener.PEER) {
            // Resolution for peers never yields this; the check keeps calls from looping between regions.
            throw new AttemptFailedException(new GatewayException(GatewayError.UNKNOWN_SERVICE,
                    "a call from a peer gateway is never forwarded to a third region"), AttemptFailedException.Reach.FINAL);
        }
        // The original authority travels on: the remote gateway serves it from its own endpoints only.
        String authority = exchange.clientToGatewayRequest().authority();
        HttpFields.Mutable headers = OutboundHeaders.request(exchange.clientToGatewayRequest().headers(), exchange.caller());
        http2.forward(exchange, new Http2Sessions.Key(gateway, transports.tls().toPeerGateways(remote.region())), authority, headers, null);
    }
}
