package dev.strait.gateway.pipeline;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.tracing.TraceContext;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.traffic.SelectedRoute;
import dev.strait.policy.traffic.ServiceTraffic;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.io.Content;

/**
 * One call passing through the gateway: the client's request, the response to it, the routing
 * snapshot read once when the call arrived, and what the stages decided so far.
 */
public final class Exchange {
    private final Listener listener;
    private final RequestHead clientToGatewayRequest;
    private final PeekableBody clientToGatewayBody;
    private final ClientResponse gatewayToClientResponse;
    private final RoutingSnapshot snapshot;
    private final Optional<SpiffeId> connectionIdentity;
    private final Optional<InetAddress> clientAddress;
    private final CallRecord record;
    private Caller caller;
    private Resolution.Routed route;
    private SelectedRoute trafficRoute;
    private TraceContext upstreamTrace;

    public Exchange(Listener listener, RequestHead clientToGatewayRequest, Content.Source clientToGatewayBody,
            ClientResponse gatewayToClientResponse, RoutingSnapshot snapshot, Optional<SpiffeId> connectionIdentity) {
        this(listener, clientToGatewayRequest, clientToGatewayBody, gatewayToClientResponse, snapshot, connectionIdentity,
                Optional.empty());
    }

    /**
     * An exchange whose client connected from {@code clientAddress} (the IP address of the TCP peer;
     * empty when the transport has none, as in tests).
     */
    public Exchange(Listener listener, RequestHead clientToGatewayRequest, Content.Source clientToGatewayBody,
            ClientResponse gatewayToClientResponse, RoutingSnapshot snapshot, Optional<SpiffeId> connectionIdentity,
            Optional<InetAddress> clientAddress) {
        this(new CallRecord(Instant.now(), System.nanoTime(), listener, clientToGatewayRequest.method(),
                clientToGatewayRequest.authority(), clientToGatewayRequest.path()), clientToGatewayRequest, clientToGatewayBody,
                gatewayToClientResponse, snapshot, connectionIdentity, clientAddress);
    }

    /** An exchange whose facts go to {@code record}, begun when the call arrived. */
    public Exchange(CallRecord record, RequestHead clientToGatewayRequest, Content.Source clientToGatewayBody,
            ClientResponse gatewayToClientResponse, RoutingSnapshot snapshot, Optional<SpiffeId> connectionIdentity,
            Optional<InetAddress> clientAddress) {
        this.record = record;
        this.listener = record.listener();
        this.clientToGatewayRequest = clientToGatewayRequest;
        this.clientToGatewayBody = new PeekableBody(clientToGatewayBody, record::requestBytes);
        this.gatewayToClientResponse = gatewayToClientResponse;
        this.snapshot = snapshot;
        this.connectionIdentity = connectionIdentity;
        this.clientAddress = clientAddress;
    }

    public Listener listener() {
        return listener;
    }

    public RequestHead clientToGatewayRequest() {
        return clientToGatewayRequest;
    }

    /** The client's body; it can be peeked at, and tells whether any of it was sent on. */
    public PeekableBody clientToGatewayBody() {
        return clientToGatewayBody;
    }

    public ClientResponse gatewayToClientResponse() {
        return gatewayToClientResponse;
    }

    /** The snapshot this call routes by, from arrival to end. */
    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    /** The SPIFFE ID of the client certificate the connection presented, if any. */
    public Optional<SpiffeId> connectionIdentity() {
        return connectionIdentity;
    }

    /** The IP address the client's connection came from, if the transport has one. */
    public Optional<InetAddress> clientAddress() {
        return clientAddress;
    }

    /** The caller, once the identity stage has run. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("the identity stage has not run");
        }
        return caller;
    }

    public void caller(Caller caller) {
        this.caller = caller;
        record.caller(caller.region(), caller.identity().toString());
    }

    /** The route, once route selection has run. */
    public Resolution.Routed route() {
        if (route == null) {
            throw new IllegalStateException("route selection has not run");
        }
        return route;
    }

    public void route(Resolution.Routed route) {
        this.route = route;
        record.service(route.service());
    }

    /**
     * The service's traffic route this call matched, once the traffic stage has run; the
     * defaults for a call no traffic stage looked at.
     */
    public SelectedRoute trafficRoute() {
        return trafficRoute != null ? trafficRoute : ServiceTraffic.DEFAULT.defaultRoute();
    }

    public void trafficRoute(SelectedRoute trafficRoute) {
        this.trafficRoute = trafficRoute;
        record.route(trafficRoute.name());
    }

    /** What happened to the call so far, for metrics and access logs. */
    public CallRecord record() {
        return record;
    }

    /**
     * The trace context to send upstream, once the tracing stage has run: the call's trace, with
     * this gateway's span as the parent.
     */
    public Optional<TraceContext> upstreamTrace() {
        return Optional.ofNullable(upstreamTrace);
    }

    public void upstreamTrace(TraceContext context) {
        this.upstreamTrace = context;
    }

    /**
     * Whether this region is the authority for the call, so its policy (rules, faults) applies: a
     * peer gateway's call always is; a local call when this region serves the service and the call
     * is not pinned to another region. A local call to a service served elsewhere is the
     * destination region's to decide.
     */
    public boolean servedByThisRegion() {
        if (listener == Listener.PEER) {
            return true;
        }
        Resolution.Routed routed = route();
        if (!snapshot.localServices().containsKey(routed.service())) {
            return false;
        }
        return !routed.pinned() || (!routed.candidates().isEmpty() && routed.candidates().getFirst() instanceof Candidate.LocalEndpoints);
    }
}
