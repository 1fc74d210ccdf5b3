package dev.strait.gateway.pipeline;

import java.util.Locale;
import java.util.Set;

/** Header names of the public contract, and the hop-by-hop headers a proxy never forwards. */
public final class StraitHeaders {
    /** The caller's identity as a gateway authenticated it; only peer gateways may send it. */
    public static final String SOURCE = "x-strait-source";
    /** The region whose endpoint served the call. */
    public static final String REGION = "x-strait-region";
    /** The code of a gateway-made error. */
    public static final String ERROR = "x-strait-error";
    /** The id of the injected fault that answered the call (drills). */
    public static final String FAULT = "x-strait-fault";

    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1, plus the legacy ones proxies still see). {@code te}
     * is here too: the forwarders re-add {@code te: trailers}, the only value HTTP/2 allows.
     */
    public static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");

    private StraitHeaders() {}

    public static boolean isHopByHop(String name) {
        return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
    }
}
