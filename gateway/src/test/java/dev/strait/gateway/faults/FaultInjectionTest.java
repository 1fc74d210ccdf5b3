package dev.strait.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.Fault;
import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.authorization.Snapshots;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.ClientResponse;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.ServiceName;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Which calls a fault reaches, and how often it delays and aborts them, with a seeded random source and no sockets. */
class FaultInjectionTest {
    private static final ServiceName PAYMENTS = new ServiceName("payments");
    private static final ServiceName LEDGER = new ServiceName("ledger");
    private static final long NOW = 1_700_000_000_000L;

    private final List<Duration> pauses = new ArrayList<>();

    private static Fault abort(String id, int percent) {
        return new Fault(id, PAYMENTS, Optional.of("/api"), Optional.of("GET"), Optional.empty(),
                Optional.of(new Fault.Abort(503, percent)), NOW + 1000);
    }

    private static Fault delay(String id, int percent) {
        return new Fault(id, PAYMENTS, Optional.empty(), Optional.empty(),
                Optional.of(new Fault.Delay(Duration.ofMillis(200), percent)), Optional.empty(), NOW + 1000);
    }

    private static RoutingSnapshot snapshot(Fault... faults) {
        RoutingSnapshot base = Snapshots.east(java.util.Set.of(PAYMENTS), List.of(), List.of());
        return new RoutingSnapshot(base.version(), base.region(), base.trustDomain(), base.meshSuffix(), base.failoverRoutes(),
                base.pinnedRoutes(), base.localServices(), base.peerGateways(), base.unreachableGateways(), base.ownGateways(),
                base.peerFederation(), CompiledAuthorization.EMPTY, base.localCallers(), Map.of(PAYMENTS, List.of(faults)));
    }

    private FaultInjection injection(long nowMillis, Supplier<RandomGenerator> random) {
        return new FaultInjection(() -> nowMillis, random, pauses::add);
    }

    @Test
    void anAbortAnswersWithItsStatusAndTheFaultAndNeverReachesTheEndpoint() throws Exception {
        Call call = new Call(Listener.PEER, snapshot(abort("drill", 100)), PAYMENTS, "GET", "/api/orders?x=1", Snapshots.localEndpoints(PAYMENTS));

        call.run(injection(NOW, SplittableRandom::new));

        assertThat(call.reached).hasValue(0);
        assertThat(call.response.status).isEqualTo(503);
        assertThat(call.response.headers.get(StraitHeaders.FAULT)).isEqualTo("drill");
        assertThat(call.response.headers.get("x-strait-error")).isNull();
        assertThat(call.response.headers.get("x-strait-region")).isEqualTo("us-east");
        assertThat(call.response.body()).isEqualTo("{\"error\":\"fault_injected\",\"fault\":\"drill\"}");
    }

    @Test
    void callsTheFaultDoesNotTargetPassUntouched() throws Exception {
        RoutingSnapshot snapshot = snapshot(abort("drill", 100));
        List<Call> untouched = List.of(
                new Call(Listener.PEER, snapshot, PAYMENTS, "POST", "/api", Snapshots.localEndpoints(PAYMENTS)),
                new Call(Listener.PEER, snapshot, PAYMENTS, "GET", "/other", Snapshots.localEndpoints(PAYMENTS)),
                new Call(Listener.PEER, snapshot, PAYMENTS, "GET", "/other?/api", Snapshots.localEndpoints(PAYMENTS)),
                // A local call to a service served elsewhere is the serving region's to fault.
                new Call(Listener.LOCAL, snapshot, LEDGER, "GET", "/api", Snapshots.west()),
                // A local call pinned to another region is that region's to fault.
                new Call(Listener.LOCAL, snapshot, PAYMENTS, "GET", "/api", true, Snapshots.west()));
        for (Call call : untouched) {
            call.run(injection(NOW, SplittableRandom::new));
            assertThat(call.reached).as(call.toString()).hasValue(1);
        }
        Call local = new Call(Listener.LOCAL, snapshot, PAYMENTS, "GET", "/api", Snapshots.localEndpoints(PAYMENTS), Snapshots.west());
        local.run(injection(NOW, SplittableRandom::new));
        assertThat(local.reached).hasValue(0);
    }

    @Test
    void anExpiredFaultNoLongerApplies() throws Exception {
        Call call = new Call(Listener.PEER, snapshot(abort("drill", 100)), PAYMENTS, "GET", "/api", Snapshots.localEndpoints(PAYMENTS));

        call.run(injection(NOW + 1000, SplittableRandom::new));

        assertThat(call.reached).hasValue(1);
    }

    @Test
    void theShareOfAbortsFollowsThePercent() throws Exception {
        RoutingSnapshot snapshot = snapshot(abort("drill", 30));
        SplittableRandom seeded = new SplittableRandom(42);
        FaultInjection injection = injection(NOW, () -> seeded);
        int aborted = 0;
        for (int i = 0; i < 10_000; i++) {
            Call call = new Call(Listener.PEER, snapshot, PAYMENTS, "GET", "/api", Snapshots.localEndpoints(PAYMENTS));
            call.run(injection);
            aborted += 1 - call.reached.get();
        }
        // 30% of 10 000, within about four standard deviations (sd = 45.8).
        assertThat(aborted).isBetween(2_820, 3_180);
    }

    @Test
    void aDelayPausesTheShareOfCallsItsPercentSaysThenGoesOn() throws Exception {
        RoutingSnapshot always = snapshot(delay("slow", 100));
        new Call(Listener.PEER, always, PAYMENTS, "GET", "/", Snapshots.localEndpoints(PAYMENTS)).run(injection(NOW, SplittableRandom::new));
        assertThat(pauses).containsExactly(Duration.ofMillis(200));

        pauses.clear();
        RoutingSnapshot never = snapshot(delay("slow", 0));
        Call call = new Call(Listener.PEER, never, PAYMENTS, "GET", "/", Snapshots.localEndpoints(PAYMENTS));
        call.run(injection(NOW, SplittableRandom::new));
        assertThat(pauses).isEmpty();
        assertThat(call.reached).hasValue(1);

        SplittableRandom seeded = new SplittableRandom(7);
        FaultInjection half = injection(NOW, () -> seeded);
        RoutingSnapshot halfOfThem = snapshot(delay("slow", 50));
        for (int i = 0; i < 1_000; i++) {
            new Call(Listener.PEER, halfOfThem, PAYMENTS, "GET", "/", Snapshots.localEndpoints(PAYMENTS)).run(half);
        }
        assertThat(pauses).hasSizeBetween(400, 600);
    }

    @Test
    void aDelayedCallCanStillBeAbortedByTheNextFault() throws Exception {
        Call call = new Call(Listener.PEER, snapshot(abort("b-abort", 100), delay("a-slow", 100)), PAYMENTS, "GET", "/api",
                Snapshots.localEndpoints(PAYMENTS));

        call.run(injection(NOW, SplittableRandom::new));

        assertThat(pauses).hasSize(1);
        assertThat(call.response.headers.get(StraitHeaders.FAULT)).isEqualTo("b-abort");
    }

    /** One call through fault injection and a stage standing for forwarding. */
    private static final class Call {
        final Exchange exchange;
        final Recording response = new Recording();
        final AtomicInteger reached = new AtomicInteger();
        final String description;

        Call(Listener listener, RoutingSnapshot snapshot, ServiceName service, String method, String pathQuery, Candidate... candidates) {
            this(listener, snapshot, service, method, pathQuery, false, candidates);
        }

        Call(Listener listener, RoutingSnapshot snapshot, ServiceName service, String method, String pathQuery, boolean pinned,
                Candidate... candidates) {
            exchange = new Exchange(listener, new RequestHead(method, service + ".mesh", pathQuery, true, HttpFields.EMPTY), null,
                    response, snapshot, Optional.empty());
            exchange.caller(new Caller.Anonymous(Snapshots.EAST));
            exchange.route(new Resolution.Routed(service, pinned, List.of(candidates)));
            description = listener + " " + method + " " + service + pathQuery + (pinned ? " pinned" : "");
        }

        void run(FaultInjection injection) throws Exception {
            new Pipeline(List.of(injection, (e, chain) -> reached.incrementAndGet())).handle(exchange);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private static final class Recording implements ClientResponse {
        final HttpFields.Mutable headers = HttpFields.build();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;

        @Override
        public void status(int status) {
            this.status = status;
        }

        @Override
        public HttpFields.Mutable headers() {
            return headers;
        }

        @Override
        public void trailers(Supplier<HttpFields> trailers) {}

        @Override
        public boolean isCommitted() {
            return bytes.size() > 0;
        }

        @Override
        public void write(boolean last, ByteBuffer byteBuffer, Callback callback) {
            byte[] chunk = new byte[byteBuffer.remaining()];
            byteBuffer.get(chunk);
            bytes.writeBytes(chunk);
            callback.succeeded();
        }

        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
