package dev.strait.gateway.upstream;

import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.gateway.tracing.TraceContext;
import dev.strait.gateway.tracing.Tracing;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** Builds the gateway-to-upstream request headers and filters upstream-to-gateway response headers. */
final class OutboundHeaders {
    private OutboundHeaders() {}

    /**
     * The gateway-to-upstream headers of {@code exchange}'s call: the client's headers less
     * hop-by-hop ones (and any the client named in {@code Connection}), less {@code Host} (the
     * authority travels separately) and less {@code x-strait-source}, which is set here from the
     * authenticated caller. Once the tracing stage has run, {@code traceparent} names this
     * gateway's span as the parent and {@code tracestate} is the one the tracing stage kept.
     */
    static HttpFields.Mutable request(Exchange exchange) {
        HttpFields clientToGateway = exchange.clientToGatewayRequest().headers();
        Caller caller = exchange.caller();
        Optional<TraceContext> trace = exchange.upstreamTrace();
        Set<String> named = connectionNamed(clientToGateway);
        HttpFields.Mutable out = HttpFields.build(clientToGateway.size() + 4);
        for (HttpField field : clientToGateway) {
            String name = field.getLowerCaseName();
            if (StraitHeaders.isHopByHop(name) || named.contains(name)
                    || field.getHeader() == HttpHeader.HOST || name.equals(StraitHeaders.SOURCE)
                    || (trace.isPresent() && (name.equals(Tracing.TRACEPARENT) || name.equals(Tracing.TRACESTATE)))) {
                continue;
            }
            out.add(field);
        }
        if (clientToGateway.contains(HttpHeader.TE, "trailers")) {
            out.add(HttpHeader.TE, "trailers");
        }
        caller.sourceHeader().ifPresent(source -> out.put(StraitHeaders.SOURCE, source));
        if (trace.isPresent()) {
            TraceContext context = trace.get();
            out.put(Tracing.TRACEPARENT, context.traceparent());
            if (context.hasTraceState()) {
                out.put(Tracing.TRACESTATE, context.traceState());
            }
        }
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
