package dev.strait.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.pipeline.CallOutcome;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TracingTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";
    // What the scripted generator gives: this gateway's span, then (for a new trace) the trace id's two halves.
    static final long SPAN = 0x1234567890abcdefL;
    static final String SPAN_ID = "1234567890abcdef";
    static final String NEW_TRACE_ID = "0000000000000abc0000000000000def";

    @ParameterizedTest(name = "flags {0} are sent as {1}")
    @CsvSource({"01, 01", "00, 00", "ff, 01", "02, 00"})
    void aCallerTraceIsContinuedWithThisGatewaysSpanAsTheParent(String flags, String sentFlags) throws Exception {
        Exchange exchange = exchange(HttpFields.build().put("traceparent", "00-" + TRACE + "-" + PARENT + "-" + flags));

        TraceContext seenByTheNextStage = run(exchange);

        assertThat(seenByTheNextStage.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN_ID + "-" + sentFlags);
        CallOutcome outcome = exchange.record().outcome(200, Optional.empty(), System.nanoTime());
        assertThat(outcome.traceId()).hasValue(TRACE);
        assertThat(outcome.spanId()).hasValue(SPAN_ID);
        assertThat(outcome.parentSpanId()).as("the caller's span").hasValue(PARENT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",
            "garbage",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    })
    void anInvalidTraceparentStartsANewSampledTraceWithoutTheCallersState(String traceparent) throws Exception {
        Exchange exchange = exchange(HttpFields.build().put("traceparent", traceparent).put("tracestate", "congo=t61rcWkgMzE"));

        TraceContext upstream = run(exchange);

        assertThat(upstream).isEqualTo(new TraceContext(NEW_TRACE_ID, SPAN_ID, TraceContext.SAMPLED, ""));
        CallOutcome outcome = exchange.record().outcome(200, Optional.empty(), System.nanoTime());
        assertThat(outcome.traceId()).hasValue(NEW_TRACE_ID);
        assertThat(outcome.spanId()).hasValue(SPAN_ID);
        assertThat(outcome.parentSpanId()).as("a new trace has no parent").isEmpty();
    }

    @Test
    void aCallWithoutTraceparentStartsANewSampledTrace() throws Exception {
        TraceContext upstream = run(exchange(HttpFields.build().put("x-other", "1")));

        assertThat(upstream.traceparent()).isEqualTo("00-" + NEW_TRACE_ID + "-" + SPAN_ID + "-01");
    }

    @Test
    void twoTraceparentFieldsStartANewTrace() throws Exception {
        TraceContext upstream = run(exchange(HttpFields.build()
                .add("traceparent", "00-" + TRACE + "-" + PARENT + "-01")
                .add("traceparent", "00-" + TRACE + "-" + PARENT + "-01")));

        assertThat(upstream.traceId()).isEqualTo(NEW_TRACE_ID);
    }

    @ParameterizedTest(name = "[{index}] {0} / {1} -> \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "congo=t61rcWkgMzE                 |                  | congo=t61rcWkgMzE",
            "rojo=00f067aa0ba902b7             | congo=t61rcWkgMzE | rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
            "Congo=upper-case-key              |                  | ''",
            "a=1                               | a=2              | ''",
            "' '                               |                  | ''",
    })
    void aValidTracestateOfAContinuedTraceTravelsOnAndAnInvalidOneIsDropped(String first, String second, String sent)
            throws Exception {
        HttpFields.Mutable headers = HttpFields.build().put("traceparent", "00-" + TRACE + "-" + PARENT + "-01").add("tracestate", first);
        if (second != null) {
            headers.add("tracestate", second);
        }

        TraceContext upstream = run(exchange(headers));

        assertThat(upstream.traceState()).isEqualTo(sent);
        assertThat(upstream.traceId()).as("a bad tracestate does not break the trace").isEqualTo(TRACE);
    }

    @Test
    void theHeaderNamesAreMatchedInAnyCase() throws Exception {
        TraceContext upstream = run(exchange(HttpFields.build()
                .put("TraceParent", "00-" + TRACE + "-" + PARENT + "-01").put("TRACESTATE", "congo=1")));

        assertThat(upstream.traceId()).isEqualTo(TRACE);
        assertThat(upstream.traceState()).isEqualTo("congo=1");
    }

    @Test
    void everyCallGetsANewSpanFromTheDefaultGenerator() throws Exception {
        HttpFields headers = HttpFields.build().put("traceparent", "00-" + TRACE + "-" + PARENT + "-01").asImmutable();
        Tracing tracing = new Tracing();
        Exchange first = exchange(headers);
        Exchange second = exchange(headers);

        new Pipeline(List.of(tracing)).handle(first);
        new Pipeline(List.of(tracing)).handle(second);

        TraceContext one = first.upstreamTrace().orElseThrow();
        TraceContext two = second.upstreamTrace().orElseThrow();
        assertThat(one.traceId()).isEqualTo(two.traceId()).isEqualTo(TRACE);
        assertThat(one.parentId()).isNotEqualTo(two.parentId()).isNotEqualTo(PARENT);
    }

    /** Runs the tracing stage, then a stage that reports what the exchange carries for upstream. */
    private static TraceContext run(Exchange exchange) throws Exception {
        AtomicReference<TraceContext> seen = new AtomicReference<>();
        new Pipeline(List.of(new Tracing(() -> new ScriptedRandom(SPAN, 0xabc, 0xdef)), (next, chain) -> {
            seen.set(next.upstreamTrace().orElseThrow());
            chain.proceed(next);
        })).handle(exchange);
        assertThat(exchange.upstreamTrace()).hasValue(seen.get());
        return seen.get();
    }

    private static Exchange exchange(HttpFields headers) {
        return new Exchange(Listener.LOCAL, new RequestHead("GET", "orders.mesh", "/", false, headers.asImmutable()), null, null,
                null, Optional.empty());
    }
}
