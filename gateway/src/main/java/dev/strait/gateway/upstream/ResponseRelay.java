package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.ClientResponse;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.gateway.traffic.HeaderEditor;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Writes an upstream's response to the client as it arrives: status and headers once, body
 * chunks one at a time (the next is read only when the previous is written, so a slow client
 * slows the upstream instead of filling memory), then trailers. {@link #done()} completes when
 * the client has the whole response, or fails.
 */
final class ResponseRelay {
    private static final String NO_HEALTHY_UPSTREAM = GatewayError.NO_HEALTHY_UPSTREAM.code();
    private static final String NO_HEALTHY_UPSTREAM_GRPC_STATUS = Integer.toString(GatewayError.NO_HEALTHY_UPSTREAM.grpcStatus());
    private static final String GRPC_STATUS = "grpc-status";

    private final ClientResponse gatewayToClientResponse;
    private final boolean clientAcceptsTrailers;
    private final RegionName servedBy;
    private final ResponseRules rules;
    private final AtomicReference<HttpFields> trailers = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // Won once, by the upstream's headers or by the headers timeout, so a late answer never reaches
    // a client whose call has already moved on.
    private final AtomicBoolean headersDecided = new AtomicBoolean();
    private volatile boolean begun;
    // The upstream's response is complete: what it does after (often a reset of the request side) no longer matters.
    private volatile boolean upstreamEnded;
    private volatile Scheduler.Task headersTimer;
    // The client's response was ended with the body's last chunk (its length was known), so finishing writes nothing.
    private volatile boolean lastWritten;

    /**
     * @param servedBy the region to name in {@code x-strait-region} when the upstream is a local
     *                 endpoint; null when the upstream is a peer gateway, whose header is kept
     */
    ResponseRelay(ClientResponse gatewayToClientResponse, boolean clientAcceptsTrailers, RegionName servedBy) {
        this(gatewayToClientResponse, clientAcceptsTrailers, servedBy, ResponseRules.NONE);
    }

    /** @param rules which answers to drop so the call can try again, and how to edit the response headers */
    ResponseRelay(ClientResponse gatewayToClientResponse, boolean clientAcceptsTrailers, RegionName servedBy, ResponseRules rules) {
        this.gatewayToClientResponse = gatewayToClientResponse;
        this.clientAcceptsTrailers = clientAcceptsTrailers;
        this.servedBy = servedBy;
        this.rules = rules;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Whether status and headers were handed to the client response (so the call cannot go elsewhere). */
    boolean begun() {
        return begun;
    }

    /**
     * The request was sent whole: from now on the attempt must see response headers within
     * {@code timeouts}, or it fails with {@link HeadersTimeouts.HeadersTimeoutException}.
     */
    void requestSent(HeadersTimeouts timeouts) {
        if (headersTimer == null && !headersDecided.get() && !done.isDone()) {
            headersTimer = timeouts.start(this);
        }
    }

    /** The attempt's time for response headers ran out; fails it unless its headers came first. */
    void headersTimedOut(HeadersTimeouts.HeadersTimeoutException timeout) {
        if (headersDecided.compareAndSet(false, true)) {
            fail(timeout);
        }
    }

    /**
     * Sets status and headers; they reach the client with the first write. Returns false, and
     * the caller abandons the upstream's answer, when the attempt already timed out, or when the
     * answer is a peer gateway's saying its region has no healthy endpoint ({@code 503} or a gRPC
     * trailers-only {@code UNAVAILABLE}, with {@code x-strait-error: no_healthy_upstream}): that one
     * fails the relay with {@link PeerCannotServeException}, so the call can try the next region.
     */
    boolean begin(int status, HttpFields upstreamToGatewayHeaders) {
        if (!headersDecided.compareAndSet(false, true)) {
            return false;
        }
        cancelHeadersTimer();
        if (peerCannotServe(status, upstreamToGatewayHeaders)) {
            fail(new PeerCannotServeException());
            return false;
        }
        if (rules.dropStatus().test(status)) {
            fail(new RetryableStatusException(status));
            return false;
        }
        begun = true;
        gatewayToClientResponse.status(status);
        HttpFields.Mutable headers = gatewayToClientResponse.headers();
        OutboundHeaders.response(upstreamToGatewayHeaders, headers, servedBy == null);
        if (servedBy != null) {
            headers.put(StraitHeaders.REGION, servedBy.value());
        }
        HeaderEditor.apply(rules.responseHeaders(), headers);
        if (clientAcceptsTrailers) {
            gatewayToClientResponse.trailers(trailers::get);
        }
        return true;
    }

    private boolean peerCannotServe(int status, HttpFields headers) {
        if (servedBy != null || !NO_HEALTHY_UPSTREAM.equals(headers.get(StraitHeaders.ERROR))) {
            return false;
        }
        return status == GatewayError.NO_HEALTHY_UPSTREAM.status()
                || (status == 200 && NO_HEALTHY_UPSTREAM_GRPC_STATUS.equals(headers.get(GRPC_STATUS)));
    }

    /** A peer gateway answered that its region has no healthy endpoint for the service. */
    static final class PeerCannotServeException extends Exception {
        PeerCannotServeException() {
            super("the peer gateway answered that its region has no healthy endpoint for the service", null, false, false);
        }
    }

    /** The upstream answered with a status the call's retry rules retry on. */
    static final class RetryableStatusException extends Exception {
        RetryableStatusException(int status) {
            super("the upstream answered " + status + ", a status the route retries on", null, false, false);
        }
    }

    /** Sends the headers now, so a streaming client sees them before the first message. */
    void flushHeaders(Runnable then) {
        gatewayToClientResponse.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(then, this::fail));
    }

    /** Writes one chunk; {@code then} runs once it is written (release the chunk, demand more). */
    void content(ByteBuffer chunk, boolean last, Runnable then) {
        if (last) {
            upstreamEnded = true;
            lastWritten = true;
        }
        gatewayToClientResponse.write(last, chunk, Callback.from(() -> {
            then.run();
            if (last) {
                done.complete(null);
            }
        }, failure -> {
            then.run();
            fail(failure);
        }));
    }

    /** Ends the response, with the upstream's trailers when there are any, unless its last chunk ended it. */
    void finish(HttpFields upstreamTrailers) {
        upstreamEnded = true;
        if (lastWritten) {
            return; // the body's last chunk ended the response already
        }
        if (upstreamTrailers != null && upstreamTrailers.size() > 0) {
            trailers.set(upstreamTrailers.asImmutable());
        }
        gatewayToClientResponse.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(() -> done.complete(null), this::fail));
    }

    /** The exchange failed; if the client has no response yet, {@link #awaitAttempt()} turns this into a gateway error. */
    void fail(Throwable failure) {
        done.completeExceptionally(failure);
    }

    /**
     * The upstream side failed (reset, closed, timed out). Ignored once the upstream's response
     * is complete: a server may reset a request it no longer needs right after its response
     * (RFC 9113 section 8.1), and the client must still get that whole response.
     */
    void upstreamFailed(Throwable failure) {
        if (!upstreamEnded) {
            fail(failure);
        }
    }

    /**
     * Waits until the response is complete; a failure says how far the call got (refused by a
     * peer gateway, refused unprocessed by the upstream, sent to the upstream, or past the point
     * where the client has a response) and whether the target itself failed.
     */
    void awaitAttempt() throws AttemptFailedException {
        try {
            await();
        } catch (GatewayException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PeerCannotServeException) {
                // The peer gateway is alive and answering; only its region cannot serve.
                throw new AttemptFailedException(e, AttemptFailedException.Reach.REFUSED_BY_PEER, false);
            }
            if (cause instanceof RetryableStatusException) {
                throw new AttemptFailedException(e, AttemptFailedException.Reach.ANSWERED, false);
            }
            if (begun) {
                throw new AttemptFailedException(e, AttemptFailedException.Reach.FINAL, false);
            }
            if (cause instanceof Http2Forwarder.StreamRefusedException) {
                throw new AttemptFailedException(e, AttemptFailedException.Reach.NOT_SENT, true);
            }
            throw new AttemptFailedException(e, AttemptFailedException.Reach.SENT, targetFailed(cause));
        } finally {
            cancelHeadersTimer();
        }
    }

    /**
     * Whether a failure before the response's headers was the target's: a timeout, a reset
     * stream or a reset connection. A connection closed cleanly is not, since an HTTP/1.1 server
     * closing an idle keep-alive connection just as a request goes out looks the same.
     */
    static boolean targetFailed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HeadersTimeouts.HeadersTimeoutException || cause instanceof TimeoutException
                    || cause instanceof Http2Forwarder.UpstreamResetException) {
                return true;
            }
            if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    private void cancelHeadersTimer() {
        Scheduler.Task timer = headersTimer;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Waits until the response is complete, turning failures into the gateway error they mean. */
    private void await() throws GatewayException {
        try {
            done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            if (cause instanceof PeerCannotServeException) {
                throw new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM, cause.getMessage(), cause);
            }
            if (cause instanceof RetryableStatusException) {
                throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, cause.getMessage(), cause);
            }
            GatewayError error = cause instanceof TimeoutException || cause instanceof HeadersTimeouts.HeadersTimeoutException
                    ? GatewayError.UPSTREAM_TIMEOUT
                    : GatewayError.UPSTREAM_UNAVAILABLE;
            throw new GatewayException(error, "upstream failed: " + describe(cause), cause);
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
