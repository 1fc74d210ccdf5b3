package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.RequestHead;
import org.eclipse.jetty.http.HttpHeader;

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
}
