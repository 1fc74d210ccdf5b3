package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;

/**
 * Carries one attempt of a call to an HTTP/1.1 endpoint over Jetty's pooled keep-alive
 * connections. Body chunks flow as they come in both directions; the original authority goes in
 * {@code Host}. An attempt that fails or runs out of time before its response headers is aborted.
 */
final class Http1Forwarder {
    private final Duration idleTimeout;

    Http1Forwarder(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * Forwards one attempt of the exchange to {@code endpoint}.
     *
     * @param body                  the call's body, to tell whether it has any
     * @param gatewayToUpstreamBody the body for this attempt (see {@link ReplayableBody})
     * @param timeouts              the call's limits on waiting for response headers
     * @param rules                 what to do with the answer before the client gets it
     */
    void forward(Exchange exchange, ReplayableBody body, Content.Source gatewayToUpstreamBody, HeadersTimeouts timeouts,
            HttpClient client, boolean tls, HostPort endpoint, String authority, HttpFields.Mutable gatewayToUpstreamHeaders,
            RegionName servedBy, ResponseRules rules) throws AttemptFailedException {
        RequestHead head = exchange.clientToGatewayRequest();
        ResponseRelay relay = new ResponseRelay(exchange.gatewayToClientResponse(), head.acceptsTrailers(), servedBy, rules);
        String length = gatewayToUpstreamHeaders.get(HttpHeader.CONTENT_LENGTH);
        gatewayToUpstreamHeaders.remove(HttpHeader.CONTENT_LENGTH);
        gatewayToUpstreamHeaders.put(HttpHeader.HOST, authority);

        Request gatewayToUpstreamRequest = client.newRequest(endpoint.host(), endpoint.port())
                .scheme(tls ? "https" : "http")
                .method(head.method())
                .path(head.pathQuery())
                .idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.clear();
                    headers.add(gatewayToUpstreamHeaders);
                });
        // An HTTP/2 request says "no body" only by ending its stream, so look at the first chunk:
        // an HTTP/1.1 endpoint must not be sent a body (and its headers) the client never had.
        boolean hasBody = !RequestBodies.isEmpty(head) && !body.isEmpty();
        StreamedBody streamed = null;
        if (hasBody) {
            long declared = length == null ? -1 : parseLength(length);
            streamed = new StreamedBody(gatewayToUpstreamBody, declared, head.headers().get(HttpHeader.CONTENT_TYPE),
                    () -> relay.requestSent(timeouts));
            gatewayToUpstreamRequest.body(streamed);
        }
        gatewayToUpstreamRequest.send(new Relay(relay));
        if (!hasBody) {
            relay.requestSent(timeouts);
        }
        try {
            relay.awaitAttempt();
        } catch (AttemptFailedException e) {
            // The upstream failed or timed out, or the client went away: stop the upstream side too.
            gatewayToUpstreamRequest.abort(e);
            Throwable clientFailure = streamed == null ? null : streamed.failure;
            if (clientFailure != null && e.reach() == AttemptFailedException.Reach.SENT) {
                // The client's own body broke, not the endpoint: nothing to retry, nobody to eject.
                throw new AttemptFailedException(new GatewayException(GatewayError.BAD_REQUEST,
                        "the client's request body failed: " + ResponseRelay.describe(clientFailure), clientFailure),
                        AttemptFailedException.Reach.FINAL);
            }
            throw neverConnected(e) ? new AttemptFailedException(e.error(), AttemptFailedException.Reach.NOT_SENT) : e;
        }
    }

    /** Jetty fails a request it could not connect for with a ConnectException: nothing was sent. */
    private static boolean neverConnected(AttemptFailedException failure) {
        if (failure.reach() != AttemptFailedException.Reach.SENT) {
            return false;
        }
        for (Throwable cause = failure.error().getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The client's body as the upstream request's content, read as the upstream connection can take it. */
    private static final class StreamedBody implements Request.Content {
        private final Content.Source source;
        private final long length;
        private final String contentType;
        private final Runnable ended;
        // Set by the client's thread reading the body; read by the call's thread once the attempt failed.
        private volatile Throwable failure;

        /** @param ended runs once the body's end has been read, that is, the whole request handed to the client */
        StreamedBody(Content.Source source, long length, String contentType, Runnable ended) {
            this.source = source;
            this.length = length;
            this.contentType = contentType;
            this.ended = ended;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = source.read();
            if (chunk instanceof Trailers) {
                // HTTP/1.1 request trailers are rare and unsafe to relay to endpoints; end the body here.
                chunk.release();
                chunk = Content.Chunk.EOF;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failure = chunk.getFailure();
            } else if (chunk != null && chunk.isLast()) {
                ended.run();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            source.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            // Jetty fails the content when the upstream side fails, even before connecting. The
            // client's body stays intact so the call can go elsewhere; the client side is ended by
            // the exchange's own outcome.
        }

        @Override
        public boolean rewind() {
            return false;
        }
    }

    /** Relays the endpoint's response to the client. */
    private static final class Relay implements Response.Listener {
        private final ResponseRelay relay;
        // Body bytes still to come when the endpoint declared a Content-Length; -1 when it did not.
        private long unread = -1;

        Relay(ResponseRelay relay) {
            this.relay = relay;
        }

        @Override
        public void onHeaders(Response response) {
            if (!relay.begin(response.getStatus(), response.getHeaders())) {
                response.abort(new IllegalStateException("the answer is dropped: a peer gateway refused the call, or the call retries on its status"));
                return;
            }
            unread = declaredLength(response.getHeaders());
        }

        private static long declaredLength(HttpFields headers) {
            try {
                return headers.getLongField(HttpHeader.CONTENT_LENGTH);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
            if (!chunk.hasRemaining()) {
                demander.run();
                return;
            }
            // The chunk that completes a body of known length ends the client's response with the
            // same write (one DATA frame with END_STREAM, one write to an HTTP/1.1 client).
            boolean last = unread >= 0 && (unread -= chunk.remaining()) <= 0;
            chunk.retain();
            relay.content(chunk.getByteBuffer(), last, () -> {
                chunk.release();
                demander.run();
            });
        }

        @Override
        public void onSuccess(Response response) {
            relay.finish(response.getTrailers());
        }

        @Override
        public void onComplete(Result result) {
            if (result.isFailed()) {
                relay.upstreamFailed(result.getFailure());
            }
        }
    }
}
