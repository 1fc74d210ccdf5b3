package dev.strait.gateway.authorization;

import dev.strait.gateway.pipeline.RequestHeaders;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.authz.HeaderLookup;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The client's request headers as the gateway of another region reads them once this gateway
 * has forwarded the call: without hop-by-hop headers and those the client named in
 * {@code Connection}, with {@code te} only as {@code trailers}, and with {@code x-strait-source}
 * as the identity this gateway established (none for an anonymous caller), whatever the client
 * sent. Deciding early with any other view could refuse a call the destination would allow.
 */
final class ForwardedHeaders implements HeaderLookup {
    private static final String TE = "te";

    private final HttpFields clientToGateway;
    private final RequestHeaders joined;
    private final Optional<String> source;

    /** @param source the {@code x-strait-source} the forwarded call carries */
    ForwardedHeaders(HttpFields clientToGateway, Optional<String> source) {
        this.clientToGateway = clientToGateway;
        this.joined = new RequestHeaders(clientToGateway);
        this.source = source;
    }

    @Override
    public Optional<String> value(String name) {
        String lowerCase = name.toLowerCase(Locale.ROOT);
        if (lowerCase.equals(StraitHeaders.SOURCE)) {
            return source;
        }
        if (lowerCase.equals(TE)) {
            // The forwarders send te: trailers, the only value HTTP/2 allows, when the client asked for trailers.
            return clientToGateway.contains(HttpHeader.TE, "trailers") ? Optional.of("trailers") : Optional.empty();
        }
        if (StraitHeaders.isHopByHop(lowerCase) || namedByConnection(lowerCase)) {
            return Optional.empty();
        }
        return joined.value(name);
    }

    private boolean namedByConnection(String lowerCase) {
        for (String value : clientToGateway.getValuesList(HttpHeader.CONNECTION)) {
            for (String token : value.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals(lowerCase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
