package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.tracing.TraceContext;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundHeadersTest {
    static final String CALLER_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final TraceContext UPSTREAM = new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "1234567890abcdef", 1, "");

    @ParameterizedTest(name = "[{index}] tracestate kept: \"{0}\"")
    @CsvSource({"congo=t61rcWkgMzE", "''"})
    void traceparentNamesThisGatewaysSpanAndTracestateIsTheOneKept(String kept) {
        Exchange exchange = exchange(HttpFields.build()
                .add("traceparent", CALLER_TRACEPARENT)
                .add("TraceState", "congo=t61rcWkgMzE")
                .add("tracestate", "Bad Member"));
        exchange.upstreamTrace(UPSTREAM.withTraceState(kept));

        HttpFields sent = OutboundHeaders.request(exchange);

        assertThat(sent.getValuesList("traceparent")).containsExactly("00-4bf92f3577b34da6a3ce929d0e0e4736-1234567890abcdef-01");
        assertThat(sent.getValuesList("tracestate")).isEqualTo(kept.isEmpty() ? List.of() : List.of(kept));
    }

    @Test
    void withoutTheTracingStageTheCallersHeadersPassUnchanged() {
        Exchange exchange = exchange(HttpFields.build().add("traceparent", CALLER_TRACEPARENT).add("tracestate", "congo=1"));

        HttpFields sent = OutboundHeaders.request(exchange);

        assertThat(sent.get("traceparent")).isEqualTo(CALLER_TRACEPARENT);
        assertThat(sent.get("tracestate")).isEqualTo("congo=1");
    }

    @Test
    void theOtherHeaderRulesStillApply() {
        SpiffeId caller = SpiffeId.service(new TrustDomain("strait.test"), RegionName.of("east"), ServiceName.of("checkout"));
        Exchange exchange = exchange(HttpFields.build()
                .add("connection", "x-per-hop")
                .add("x-per-hop", "1")
                .add("keep-alive", "timeout=5")
                .add("host", "orders.mesh")
                .add("x-strait-source", "spiffe://strait.test/region/west/service/admin")
                .add("x-end-to-end", "kept"));
        exchange.caller(new Caller.Authenticated(caller));
        exchange.upstreamTrace(UPSTREAM);

        HttpFields sent = OutboundHeaders.request(exchange);

        assertThat(sent.getFieldNamesCollection()).containsExactlyInAnyOrder("x-end-to-end", "x-strait-source", "traceparent");
        assertThat(sent.get("x-strait-source")).isEqualTo(caller.uri());
    }

    private static Exchange exchange(HttpFields headers) {
        Exchange exchange = new Exchange(Listener.LOCAL, new RequestHead("GET", "orders.mesh", "/", false, headers.asImmutable()),
                null, null, null, Optional.empty());
        exchange.caller(new Caller.Anonymous(RegionName.of("east")));
        return exchange;
    }
}
