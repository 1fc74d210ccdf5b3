package dev.strait.gateway.server;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.pipeline.CallRecord;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.SpiffeIds;
import dev.strait.policy.path.PathNormalization;
import dev.strait.policy.path.PathNormalizer;
import dev.strait.policy.path.RequestPath;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter between Jetty and the pipeline: turns each request into an {@link Exchange} with
 * the current routing snapshot, runs the pipeline on the request's virtual thread, and answers
 * gateway errors.
 */
final class ExchangeHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);
    private static final PathNormalizer PATHS = PathNormalizer.strict();

    private final SnapshotPublisher snapshots;
    private final Pipeline pipeline;
    private final CallObserver calls;
    private final LongAdder peerCalls = new LongAdder();

    ExchangeHandler(SnapshotPublisher snapshots, Pipeline pipeline, CallObserver calls) {
        super(InvocationType.BLOCKING);
        this.snapshots = snapshots;
        this.pipeline = pipeline;
        this.calls = calls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Instant arrived = Instant.now();
        long arrivedNanos = System.nanoTime();
        dev.strait.gateway.pipeline.Listener listener = Listeners.of(request);
        HttpURI uri = request.getHttpURI();
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        // Normalized once, here: routing, policy and the upstream all see the same path.
        RequestPath target;
        switch (PATHS.normalize(uri.getPathQuery() == null ? "" : uri.getPathQuery())) {
            case PathNormalization.Normalized normalized -> target = normalized.requestPath();
            case PathNormalization.Rejected rejected -> {
                CallRecord record = new CallRecord(arrived, arrivedNanos, listener, request.getMethod(), authority,
                        uri.getPath() == null ? "" : uri.getPath());
                answer(response, callback, record, GatewayError.BAD_REQUEST, "invalid request target: " + rejected.message());
                return true;
            }
        }
        CallRecord record = new CallRecord(arrived, arrivedNanos, listener, request.getMethod(), authority, target.path());
        if (listener == dev.strait.gateway.pipeline.Listener.PEER) {
            peerCalls.increment();
        }
        RoutingSnapshot snapshot = snapshots.current();
        Optional<SpiffeId> connectionIdentity = connectionIdentity(request);
        if (listener == dev.strait.gateway.pipeline.Listener.LOCAL && connectionIdentity.isEmpty() && presentedCertificate(request)) {
            // A verified certificate that names no one: the caller meant to be someone, so it is not taken for anonymous.
            answer(response, callback, record, GatewayError.DENIED, "the client certificate carries no Strait SPIFFE ID"
                    + " (expected: a workload certificate with the URI SAN spiffe://" + snapshot.trustDomain() + "/region/"
                    + snapshot.region() + "/service/NAME)");
            return true;
        }
        if (listener == dev.strait.gateway.pipeline.Listener.PEER
                && connectionIdentity.orElse(null) instanceof SpiffeId.Node peer) {
            // Connections from a cut-off region are closed at the handshake; a call that slipped through still reaches nothing here.
            Optional<LinkFault> cut = snapshot.partitionFrom(peer.region(), System.currentTimeMillis());
            if (cut.isPresent()) {
                // 503: this region is unavailable to the caller, not a bad upstream of this gateway's.
                answer(response, callback, record, 503, GatewayError.UPSTREAM_UNAVAILABLE,
                        "region '" + snapshot.region() + "' is partitioned from region '" + peer.region() + "' by fault '"
                                + cut.get().id() + "'");
                return true;
            }
        }
        RequestHead head = new RequestHead(request.getMethod(), authority, target.target(),
                request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2, request.getHeaders());
        Exchange exchange = new Exchange(record, head, request, new JettyClientResponse(response, record),
                snapshot, connectionIdentity, clientAddress(request));
        try {
            pipeline.handle(exchange);
            callback.succeeded();
            calls.completed(record.outcome(response.getStatus(), Optional.empty(), System.nanoTime()));
        } catch (GatewayException e) {
            fail(response, callback, record, e.error(), e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.warn("unexpected failure handling {} {}", request.getMethod(), uri, e);
            fail(response, callback, record, GatewayError.UPSTREAM_UNAVAILABLE, "the gateway failed to handle the call", e);
        }
        return true;
    }

    private void fail(Response response, Callback callback, CallRecord record, GatewayError error, String message, Throwable cause) {
        if (response.isCommitted()) {
            // Headers are gone; the only honest signal left is to abort the stream or connection.
            callback.failed(cause);
            calls.completed(record.outcome(response.getStatus(), Optional.of(error), System.nanoTime()));
        } else {
            response.reset();
            if (cause instanceof GatewayException gatewayException && gatewayException.retryAfter().isPresent()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, ErrorResponses.retryAfterSeconds(gatewayException.retryAfter().get()));
            }
            answer(response, callback, record, error, message);
        }
    }

    /** Answers the call with the gateway's own error, and reports the call. */
    private void answer(Response response, Callback callback, CallRecord record, GatewayError error, String message) {
        answer(response, callback, record, error.status(), error, message);
    }

    /** As above, with an HTTP status other than the error's own. */
    private void answer(Response response, Callback callback, CallRecord record, int status, GatewayError error, String message) {
        record.responseBytes(ErrorResponses.write(response, callback, status, error, message));
        calls.completed(record.outcome(response.getStatus(), Optional.of(error), System.nanoTime()));
    }

    private static Optional<InetAddress> clientAddress(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress socket
                && socket.getAddress() != null
                ? Optional.of(socket.getAddress())
                : Optional.empty();
    }

    /** How many calls the peer listener has received since start. */
    long peerCallsReceived() {
        return peerCalls.sum();
    }

    private static boolean presentedCertificate(Request request) {
        return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0;
    }

    private static Optional<SpiffeId> connectionIdentity(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0) {
            X509Certificate leaf = tls.peerCertificates()[0];
            return SpiffeIds.fromCertificate(leaf);
        }
        return Optional.empty();
    }
}
