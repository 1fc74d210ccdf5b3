package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.ClientResponse;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.model.RegionName;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Writes an upstream's response to the client as it arrives: status and headers once, body
 * chunks one at a time (the next is read only when the previous is written, so a slow client
 * slows the upstream instead of filling memory), then trailers. {@link #done()} completes when
 * the client has the whole response, or fails.
 */
final class ResponseRelay {
    private final ClientResponse gatewayToClientResponse;
    private final boolean clientAcceptsTrailers;
    private final RegionName servedBy;
    private final AtomicReference<HttpFields> trailers = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean begun;

    /**
     * @param servedBy the region to name in {@code x-strait-region} when the upstream is a local
     *                 endpoint; null when the upstream is a peer gateway, whose header is kept
     */
    ResponseRelay(ClientResponse gatewayToClientResponse, boolean clientAcceptsTrailers, RegionName servedBy) {
        this.gatewayToClientResponse = gatewayToClientResponse;
        this.clientAcceptsTrailers = clientAcceptsTrailers;
        this.servedBy = servedBy;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Whether status and headers were handed to the client response (so the call cannot go elsewhere). */
    boolean begun() {
        return begun;
    }

    /**
     * Sets status and headers; they reach the client with the first write. A peer gateway's
     * answer that its region has no healthy endpoint is not passed on: it fails the relay with
     * {@link PeerCannotServeException}, so the call can try the next region, and this returns false.
     */
    boolean begin(int status, HttpFields upstreamToGatewayHeaders) {
        if (servedBy == null && status == GatewayError.NO_HEALTHY_UPSTREAM.status()
                && GatewayError.NO_HEALTHY_UPSTREAM.code().equals(upstreamToGatewayHeaders.get(StraitHeaders.ERROR))) {
            fail(new PeerCannotServeException());
            return false;
        }
        begun = true;
        gatewayToClientResponse.status(status);
        HttpFields.Mutable headers = gatewayToClientResponse.headers();
        OutboundHeaders.response(upstreamToGatewayHeaders, headers, servedBy == null);
        if (servedBy != null) {
            headers.put(StraitHeaders.REGION, servedBy.value());
        }
        if (clientAcceptsTrailers) {
            gatewayToClientResponse.trailers(trailers::get);
        }
        return true;
    }

    /** A peer gateway answered that its region has no healthy endpoint for the service. */
    static final class PeerCannotServeException extends Exception {
        PeerCannotServeException() {
            super("the peer gateway's region has no healthy endpoint");
        }
    }

    /** Sends the headers now, so a streaming client sees them before the first message. */
    void flushHeaders(Runnable then) {
        gatewayToClientResponse.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(then, this::fail));
    }

    /** Writes one chunk; {@code then} runs once it is written (release the chunk, demand more). */
    void content(ByteBuffer chunk, boolean last, Runnable then) {
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

    /** Ends the response, with the upstream's trailers when there are any. */
    void finish(HttpFields upstreamTrailers) {
        if (upstreamTrailers != null && upstreamTrailers.size() > 0) {
            trailers.set(upstreamTrailers.asImmutable());
        }
        gatewayToClientResponse.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(() -> done.complete(null), this::fail));
    }

    /** The exchange failed; if the client has no response yet, {@link #await()} turns this into a gateway error. */
    void fail(Throwable failure) {
        done.completeExceptionally(failure);
    }

    /**
     * Waits until the response is complete; a failure says how far the call got: refused by a
     * peer gateway, sent to the upstream, or past the point where the client has a response.
     */
    void awaitAttempt() throws AttemptFailedException {
        try {
            await();
        } catch (GatewayException e) {
            AttemptFailedException.Reach reach = e.getCause() instanceof PeerCannotServeException
                    ? AttemptFailedException.Reach.REFUSED_BY_PEER
                    : begun ? AttemptFailedException.Reach.FINAL : AttemptFailedException.Reach.SENT;
            throw new AttemptFailedException(e, reach);
        }
    }

    /** Waits until the response is complete, turning failures into the gateway error they mean. */
    private void await() throws GatewayException {
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            GatewayError error = cause instanceof java.util.concurrent.TimeoutException ? GatewayError.UPSTREAM_TIMEOUT
                    : cause instanceof PeerCannotServeException ? GatewayError.NO_HEALTHY_UPSTREAM
                    : GatewayError.UPSTREAM_UNAVAILABLE;
            throw new GatewayException(error, "upstream failed: " + describe(cause), cause);
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
