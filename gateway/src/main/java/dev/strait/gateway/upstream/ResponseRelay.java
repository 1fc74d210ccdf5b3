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

    /** Sets status and headers; they reach the client with the first write. */
    void begin(int status, HttpFields upstreamToGatewayHeaders) {
        gatewayToClientResponse.status(status);
        HttpFields.Mutable headers = gatewayToClientResponse.headers();
        OutboundHeaders.response(upstreamToGatewayHeaders, headers, servedBy == null);
        if (servedBy != null) {
            headers.put(StraitHeaders.REGION, servedBy.value());
        }
        if (clientAcceptsTrailers) {
            gatewayToClientResponse.trailers(trailers::get);
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

    /** Waits until the response is complete, turning failures into the gateway error they mean. */
    void await() throws GatewayException {
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            GatewayError error = cause instanceof java.util.concurrent.TimeoutException
                    ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.UPSTREAM_UNAVAILABLE;
            throw new GatewayException(error, "upstream failed: " + describe(cause), cause);
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
