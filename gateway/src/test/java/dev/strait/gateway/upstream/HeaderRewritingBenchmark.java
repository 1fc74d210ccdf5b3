package dev.strait.gateway.upstream;

import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.tracing.TraceContext;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The header rewriting every proxied call pays for: the gateway-to-upstream request headers built
 * from a typical client request, and a typical upstream response's headers filtered for the
 * client, without and with a {@code Connection} header naming one to drop. Not a test: run with
 * {@code gateway/bench/gateway-bench.sh HeaderRewritingBenchmark -prof gc}; results go into
 * docs/benchmarks.md.
 *
 * <p>The exchange is left as the pipeline leaves it before forwarding: the caller authenticated
 * and the tracing stage's context set, so {@code x-strait-source} and {@code traceparent} are
 * written for upstream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HeaderRewritingBenchmark {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private Exchange exchange;
    private HttpFields upstreamResponse;
    private HttpFields upstreamResponseClosing;

    @Setup
    public void build() {
        // Known names as HttpHeader constants, as Jetty's parsers deliver them.
        HttpFields clientRequest = HttpFields.build()
                .add(HttpHeader.HOST, "orders.mesh")
                .add(HttpHeader.USER_AGENT, "checkout/2.4.1 (jdk-httpclient)")
                .add(HttpHeader.ACCEPT, "application/json")
                .add(HttpHeader.ACCEPT_ENCODING, "gzip, deflate, br")
                .add("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .add("x-request-id", "5f1c9a2e-8d3b-4c7e-9f60-2a1b3c4d5e6f")
                .add(HttpHeader.CONTENT_TYPE, "application/json")
                .add(HttpHeader.AUTHORIZATION, "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjaGVja291dCJ9.c2lnbmF0dXJl")
                .add(HttpHeader.COOKIE, "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
                .add(HttpHeader.TE, "trailers")
                .asImmutable();
        exchange = new Exchange(Listener.LOCAL, new RequestHead("POST", "orders.mesh", "/orders", true, clientRequest),
                null, null, null, Optional.empty());
        exchange.caller(new Caller.Authenticated(
                SpiffeId.service(new TrustDomain("strait.bench"), RegionName.of("us-east"), ServiceName.of("checkout"))));
        exchange.upstreamTrace(new TraceContext(TRACE_ID, "1234567890abcdef", TraceContext.SAMPLED, ""));

        HttpFields.Mutable response = HttpFields.build()
                .add(HttpHeader.CONTENT_TYPE, "application/json")
                .add(HttpHeader.CONTENT_LENGTH, "1432")
                .add(HttpHeader.DATE, "Thu, 26 Nov 2026 07:00:00 GMT")
                .add(HttpHeader.SERVER, "orders/3.1")
                .add(HttpHeader.CACHE_CONTROL, "no-store")
                .add(HttpHeader.ETAG, "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"")
                .add(HttpHeader.VARY, "Accept-Encoding")
                .add("x-request-id", "5f1c9a2e-8d3b-4c7e-9f60-2a1b3c4d5e6f");
        upstreamResponse = response.asImmutable();
        upstreamResponseClosing = HttpFields.build(response)
                .add(HttpHeader.CONNECTION, "close, x-foo")
                .add("x-foo", "per-hop")
                .asImmutable();

        checkWhatIsMeasured();
    }

    /** The client's request as the gateway sends it upstream. */
    @Benchmark
    public HttpFields.Mutable request() {
        return OutboundHeaders.request(exchange);
    }

    /** A typical upstream response's headers, filtered for the client. */
    @Benchmark
    public HttpFields.Mutable response() {
        HttpFields.Mutable gatewayToClient = HttpFields.build();
        OutboundHeaders.response(upstreamResponse, gatewayToClient, false);
        return gatewayToClient;
    }

    /** The same with {@code Connection: close, x-foo}: both are dropped. */
    @Benchmark
    public HttpFields.Mutable responseWithConnection() {
        HttpFields.Mutable gatewayToClient = HttpFields.build();
        OutboundHeaders.response(upstreamResponseClosing, gatewayToClient, false);
        return gatewayToClient;
    }

    /** Fails the run, rather than report a figure, when the calls do not rewrite as the gateway would. */
    private void checkWhatIsMeasured() {
        HttpFields sent = request();
        if (sent.size() != 10 || sent.contains(HttpHeader.HOST) || !sent.contains("x-strait-source")
                || !sent.contains(HttpHeader.TE, "trailers") || !sent.get("traceparent").contains("1234567890abcdef")) {
            throw new IllegalStateException("unexpected gateway-to-upstream headers: " + sent);
        }
        if (response().size() != 8 || responseWithConnection().size() != 8) {
            throw new IllegalStateException("unexpected gateway-to-client headers: " + responseWithConnection());
        }
    }
}
