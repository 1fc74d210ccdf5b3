package dev.strait.gateway.tracing;

import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The first stage: makes the call one span of a W3C trace. It continues the caller's trace when
 * the call carries one valid {@code traceparent}, or starts a new one (sampled); either way it
 * opens a new span for this gateway, records trace, span and the caller's span for the access log,
 * and leaves on the exchange the context to send upstream, whose parent is this gateway's span. A valid {@code
 * tracestate} of a continued trace travels on unchanged; an invalid one, or one of a trace not
 * continued, is dropped.
 */
public final class Tracing implements Filter {
    /** The W3C request header naming the trace and the sender's span. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C request header carrying the vendors' list of trace state. */
    public static final String TRACESTATE = "tracestate";

    private final Supplier<? extends RandomGenerator> random;

    /** Tracing with ids from {@link ThreadLocalRandom}. */
    public Tracing() {
        this(ThreadLocalRandom::current);
    }

    /** Tracing with ids from the generator {@code random} supplies on the call's thread. */
    Tracing(Supplier<? extends RandomGenerator> random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        HttpFields clientToGateway = exchange.clientToGatewayRequest().headers();
        RandomGenerator random = this.random.get();
        String spanId = TraceContext.newSpanId(random);
        String traceparent = onlyValue(clientToGateway, TRACEPARENT);
        TraceContext upstream;
        if (TraceContext.isValidTraceparent(traceparent)) {
            // Level 1 defines the sampled flag only; the others are reserved and sent as zero.
            upstream = new TraceContext(TraceContext.traceIdOf(traceparent), spanId,
                    TraceContext.flagsOf(traceparent) & TraceContext.SAMPLED, validTraceState(clientToGateway));
            exchange.record().parentSpan(TraceContext.parentIdOf(traceparent));
        } else {
            // The trace restarts; a tracestate belongs to the trace it came with, so it stays behind.
            upstream = new TraceContext(TraceContext.newTraceId(random), spanId, TraceContext.SAMPLED, "");
        }
        exchange.upstreamTrace(upstream);
        exchange.record().trace(upstream.traceId(), spanId);
        chain.proceed(exchange);
    }

    /** The value of the one {@code name} field, or {@code null} when there is none or more than one (which names no single parent). */
    private static String onlyValue(HttpFields fields, String name) {
        String value = null;
        for (int index = 0; index < fields.size(); index++) {
            HttpField field = fields.getField(index);
            if (field.is(name)) {
                if (value != null) {
                    return null;
                }
                value = field.getValue() == null ? "" : field.getValue();
            }
        }
        return value;
    }

    /** The {@code tracestate} list (several fields are one list, in order), or empty when absent, empty or invalid. */
    private static String validTraceState(HttpFields fields) {
        String first = null;
        StringBuilder joined = null;
        for (int index = 0; index < fields.size(); index++) {
            HttpField field = fields.getField(index);
            if (field.is(TRACESTATE)) {
                String value = field.getValue() == null ? "" : field.getValue();
                if (first == null) {
                    first = value;
                } else {
                    if (joined == null) {
                        joined = new StringBuilder(first);
                    }
                    joined.append(',').append(value);
                }
            }
        }
        String state = joined != null ? joined.toString() : first;
        return state != null && TraceContext.traceStateMembers(state) > 0 ? state : "";
    }
}
