package dev.strait.gateway.upstream;

import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.StraitHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** Builds the gateway-to-upstream request headers and filters upstream-to-gateway response headers. */
final class OutboundHeaders {
    private OutboundHeaders() {}

    /**
     * The client's headers less hop-by-hop ones (and any the client named in {@code Connection}),
     * less {@code Host} (the authority travels separately) and less {@code x-strait-source}, which
     * is set here from the authenticated caller.
     */
    static HttpFields.Mutable request(HttpFields clientToGateway, Caller caller) {
        Set<String> named = connectionNamed(clientToGateway);
        HttpFields.Mutable out = HttpFields.build(clientToGateway.size() + 2);
        for (HttpField field : clientToGateway) {
            String name = field.getLowerCaseName();
            if (StraitHeaders.isHopByHop(name) || named.contains(name)
                    || field.getHeader() == HttpHeader.HOST || name.equals(StraitHeaders.SOURCE)) {
                continue;
            }
            out.add(field);
        }
        if (clientToGateway.contains(HttpHeader.TE, "trailers")) {
            out.add(HttpHeader.TE, "trailers");
        }
        caller.sourceHeader().ifPresent(source -> out.put(StraitHeaders.SOURCE, source));
        return out;
    }

    /** Copies response headers worth passing on; {@code keepRegion} keeps a peer gateway's region header. */
    static void response(HttpFields upstreamToGateway, HttpFields.Mutable gatewayToClient, boolean keepRegion) {
        Set<String> named = connectionNamed(upstreamToGateway);
        for (HttpField field : upstreamToGateway) {
            String name = field.getLowerCaseName();
            if (StraitHeaders.isHopByHop(name) || named.contains(name) || (!keepRegion && name.equals(StraitHeaders.REGION))) {
                continue;
            }
            gatewayToClient.add(field);
        }
    }

    private static Set<String> connectionNamed(HttpFields fields) {
        Set<String> named = new HashSet<>();
        for (String value : fields.getValuesList(HttpHeader.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }
}
