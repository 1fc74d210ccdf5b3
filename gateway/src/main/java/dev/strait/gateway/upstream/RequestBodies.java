package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.RequestHead;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/** What the request head says about the body before any of it is read. */
final class RequestBodies {
    private RequestBodies() {}

    /** True when the request certainly has no body, so the upstream request can end with its headers. */
    static boolean isEmpty(RequestHead head) {
        String length = head.headers().get(HttpHeader.CONTENT_LENGTH);
        if ("0".equals(length)) {
            return true;
        }
        // HTTP/1.1 without Content-Length or Transfer-Encoding has no body (RFC 9112 section 6.3).
        return !head.http2() && length == null && !head.headers().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** The body's first chunk (possibly the end of it), waiting on the call's virtual thread until it comes. */
    static Content.Chunk firstChunk(Content.Source body) {
        while (true) {
            Content.Chunk chunk = body.read();
            if (chunk != null) {
                return chunk;
            }
            CompletableFuture<Void> readable = new CompletableFuture<>();
            body.demand(() -> readable.complete(null));
            readable.join();
        }
    }
}
