package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.RetryableStreamException;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * Carries one attempt of a call over a pooled HTTP/2 connection, as one stream: the request body
 * is pumped on the call's virtual thread, the response is relayed from Jetty's callbacks as it
 * arrives, and trailers go both ways. An attempt that fails or runs out of time before its
 * response headers resets its stream. Used towards peer gateways and HTTP/2 and gRPC endpoints.
 */
final class Http2Forwarder {
    private final Http2Sessions sessions;
    private final InFlightAttempts inFlight;
    private final Duration streamIdleTimeout;

    Http2Forwarder(Http2Sessions sessions, InFlightAttempts inFlight, Duration streamIdleTimeout) {
        this.sessions = sessions;
        this.inFlight = inFlight;
        this.streamIdleTimeout = streamIdleTimeout;
    }

    /**
     * Forwards one attempt of the exchange to {@code key} with {@code authority} as {@code :authority}.
     *
     * @param gatewayToUpstreamBody the body for this attempt (see {@link ReplayableBody})
     * @param timeouts              the call's limits on waiting for response headers
     * @param servedBy              the region to put in {@code x-strait-region}; null to keep the upstream's
     * @param rules                 what to do with the answer before the client gets it
     */
    void forward(Exchange exchange, Content.Source gatewayToUpstreamBody, HeadersTimeouts timeouts, Http2Sessions.Key key,
            String authority, HttpFields.Mutable gatewayToUpstreamHeaders, RegionName servedBy, ResponseRules rules) throws AttemptFailedException {
        RequestHead head = exchange.clientToGatewayRequest();
        boolean noBody = RequestBodies.isEmpty(head);
        String scheme = key.tls() == null ? "http" : "https";
        MetaData.Request gatewayToUpstreamRequest = new MetaData.Request(head.method(), scheme,
                new HostPortHttpField(authority), head.pathQuery(), HttpVersion.HTTP_2, gatewayToUpstreamHeaders, -1);
        ResponseRelay relay = new ResponseRelay(exchange.gatewayToClientResponse(), head.acceptsTrailers(), servedBy, rules);

        if (!key.peerGateway()) {
            send(gatewayToUpstreamBody, timeouts, key, gatewayToUpstreamRequest, noBody, relay);
            return;
        }
        // Only a peer gateway is ever given up on (by the probes), so only attempts to one are tracked.
        inFlight.add(key.address(), relay);
        try {
            send(gatewayToUpstreamBody, timeouts, key, gatewayToUpstreamRequest, noBody, relay);
        } finally {
            inFlight.remove(key.address(), relay);
        }
    }

    /** Opens the stream, sends the request and waits until the attempt's response is complete or it failed. */
    private void send(Content.Source gatewayToUpstreamBody, HeadersTimeouts timeouts, Http2Sessions.Key key,
            MetaData.Request gatewayToUpstreamRequest, boolean noBody, ResponseRelay relay) throws AttemptFailedException {
        Stream stream;
        try {
            Session session = sessions.acquire(key);
            CompletableFuture<Stream> opened = new CompletableFuture<>();
            session.newStream(new HeadersFrame(gatewayToUpstreamRequest, null, noBody), Promise.from(opened), new StreamRelay(relay));
            stream = await(opened, key);
        } catch (GatewayException e) {
            throw new AttemptFailedException(e, AttemptFailedException.Reach.NOT_SENT);
        }
        stream.setIdleTimeout(streamIdleTimeout.toMillis());
        if (noBody) {
            relay.requestSent(timeouts);
        } else {
            try {
                pumpRequestBody(gatewayToUpstreamBody, stream, relay, timeouts);
            } catch (GatewayException e) {
                throw new AttemptFailedException(e, AttemptFailedException.Reach.FINAL);
            }
        }
        try {
            relay.awaitAttempt();
        } catch (AttemptFailedException e) {
            // Cancels the stream too when the attempt ran out of time waiting for headers.
            stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
            throw e;
        }
    }

    private Stream await(CompletableFuture<Stream> opened, Http2Sessions.Key key) throws GatewayException {
        try {
            return opened.get(streamIdleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "cannot open a stream to " + key.address()
                    + ": " + ResponseRelay.describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "interrupted");
        }
    }

    /**
     * Copies the client's body to the stream chunk by chunk, each written before the next is
     * read, so HTTP/2 flow control paces the client. Stops early if the response is already done;
     * once the body has ended, the wait for response headers is timed.
     */
    private static void pumpRequestBody(Content.Source body, Stream stream, ResponseRelay relay, HeadersTimeouts timeouts)
            throws GatewayException {
        while (!relay.done().isDone()) {
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                CompletableFuture<Void> readable = new CompletableFuture<>();
                body.demand(() -> readable.complete(null));
                CompletableFuture.anyOf(readable, relay.done()).exceptionally(x -> null).join();
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
                throw new GatewayException(GatewayError.BAD_REQUEST, "the client's request body failed: "
                        + ResponseRelay.describe(chunk.getFailure()), chunk.getFailure());
            }
            boolean last = chunk.isLast();
            CompletableFuture<Stream> sent;
            if (chunk instanceof Trailers trailers) {
                sent = stream.headers(new HeadersFrame(stream.getId(), new MetaData(HttpVersion.HTTP_2, trailers.getTrailers()), null, true));
            } else if (chunk.hasRemaining() || last) {
                sent = stream.data(new DataFrame(stream.getId(), chunk.getByteBuffer(), last));
            } else {
                sent = CompletableFuture.completedFuture(stream);
            }
            // The chunk's buffer belongs to the frame until the frame is written, even if the call ends first.
            sent.whenComplete((written, failure) -> {
                chunk.release();
                if (failure != null) {
                    relay.upstreamFailed(refusedWhenUnprocessed(failure));
                }
            });
            CompletableFuture.anyOf(sent, relay.done()).exceptionally(x -> null).join();
            if (last) {
                relay.requestSent(timeouts);
                return;
            }
        }
    }

    /** Relays the upstream's response frames to the client. */
    private static final class StreamRelay implements Stream.Listener {
        private final ResponseRelay relay;
        private boolean headersSeen;

        StreamRelay(ResponseRelay relay) {
            this.relay = relay;
        }

        @Override
        public void onHeaders(Stream stream, HeadersFrame frame) {
            MetaData metaData = frame.getMetaData();
            if (!headersSeen && metaData instanceof MetaData.Response response) {
                if (response.getStatus() >= 100 && response.getStatus() < 200) {
                    return; // interim responses are not relayed
                }
                headersSeen = true;
                HttpFields headers = response.getHttpFields();
                if (!relay.begin(response.getStatus(), headers)) {
                    stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
                    return;
                }
                if (frame.isEndStream()) {
                    relay.finish(null);
                } else if (response.getContentLength() >= 0) {
                    // A body of known length: the headers go out with its first bytes, in one write.
                    stream.demand();
                } else {
                    // A stream of unknown length (gRPC, server-sent events): the client sees the headers at once.
                    relay.flushHeaders(stream::demand);
                }
            } else {
                relay.finish(metaData.getHttpFields());
            }
        }

        @Override
        public void onDataAvailable(Stream stream) {
            Stream.Data data = stream.readData();
            if (data == null) {
                stream.demand();
                return;
            }
            boolean last = data.frame().isEndStream();
            relay.content(data.frame().getByteBuffer(), last, () -> {
                data.release();
                if (!last) {
                    stream.demand();
                }
            });
        }

        @Override
        public void onReset(Stream stream, ResetFrame frame, Callback callback) {
            // REFUSED_STREAM promises the upstream did nothing with the stream (RFC 9113 section 8.7).
            relay.upstreamFailed(frame.getError() == ErrorCode.REFUSED_STREAM_ERROR.code
                    ? new StreamRefusedException()
                    : new UpstreamResetException("the upstream reset the stream (" + ErrorCode.toString(frame.getError(), "error") + ")"));
            callback.succeeded();
        }

        @Override
        public void onIdleTimeout(Stream stream, TimeoutException timeout, Promise<Boolean> promise) {
            relay.upstreamFailed(timeout);
            promise.succeeded(true);
        }

        @Override
        public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
            relay.upstreamFailed(refusedWhenUnprocessed(failure));
            callback.succeeded();
        }
    }

    /**
     * Jetty fails a stream above the last stream id of the upstream's GOAWAY (a draining gateway
     * closing its connection) with {@link RetryableStreamException}: RFC 9113 section 6.8 promises
     * such a stream was not processed, so it counts as refused, like {@code REFUSED_STREAM}.
     */
    private static Throwable refusedWhenUnprocessed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetryableStreamException) {
                return new StreamRefusedException();
            }
        }
        return failure;
    }

    /** The upstream gave up on the stream. */
    static final class UpstreamResetException extends Exception {
        UpstreamResetException(String message) {
            super(message, null, false, false);
        }
    }

    /** The upstream refused the stream before processing it (REFUSED_STREAM, or above its GOAWAY), so the call may go elsewhere. */
    static final class StreamRefusedException extends Exception {
        StreamRefusedException() {
            super("the upstream refused the stream unprocessed (REFUSED_STREAM or GOAWAY)", null, false, false);
        }
    }
}
