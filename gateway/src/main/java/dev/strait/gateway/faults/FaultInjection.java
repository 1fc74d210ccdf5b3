package dev.strait.gateway.faults;

import dev.strait.policy.model.Fault;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.ClientResponse;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * Applies the region's runtime faults to calls to the services it serves: for each matching
 * fault that has not expired (by the wall clock, checked per call), in id order, it waits the
 * fault's delay with the delay's probability, then answers with the fault's abort status with
 * the abort's probability; an aborted call never reaches an endpoint.
 *
 * <p>Faults apply where the region serves the call: always on the peer listener, and on the local
 * listener when the service is served here and the call is not pinned to another region (as for
 * {@code Authorization}). An abort is the region's answer, not a gateway failure: it carries
 * {@code x-strait-fault: <id>} and no {@code x-strait-error}, so a calling gateway relays it
 * instead of trying the next region.
 */
public final class FaultInjection implements Filter {
    private final LongSupplier wallClockMillis;
    private final Supplier<RandomGenerator> random;
    private final Pause pause;

    /** Waits for an injected delay; the wait is the injected behaviour, so blocking the virtual thread is right. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** Fault injection by the system clock, a per-thread random source, and {@link Thread#sleep(Duration)}. */
    public FaultInjection() {
        this(System::currentTimeMillis, ThreadLocalRandom::current, Thread::sleep);
    }

    /**
     * @param wallClockMillis the time faults expire by (epoch milliseconds)
     * @param random          the source of the probability rolls, read on the calling thread
     * @param pause           how an injected delay is waited
     */
    public FaultInjection(LongSupplier wallClockMillis, Supplier<RandomGenerator> random, Pause pause) {
        this.wallClockMillis = wallClockMillis;
        this.random = random;
        this.pause = pause;
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        RoutingSnapshot snapshot = exchange.snapshot();
        Resolution.Routed route = exchange.route();
        if (exchange.servedByThisRegion()) {
            List<Fault> faults = snapshot.activeFaults(route.service(), wallClockMillis.getAsLong());
            if (!faults.isEmpty() && inject(exchange, faults)) {
                return;
            }
        }
        chain.proceed(exchange);
    }

    /** Applies the matching faults; true when one aborted the call (its response is then written). */
    private boolean inject(Exchange exchange, List<Fault> faults) throws GatewayException {
        RequestHead request = exchange.clientToGatewayRequest();
        String path = request.path();
        RandomGenerator rolls = random.get();
        for (Fault fault : faults) {
            if (!fault.matches(request.method(), path)) {
                continue;
            }
            if (fault.delay().isPresent() && FaultEffects.hits(rolls, fault.delay().get().percent())) {
                FaultEffects.delay(pause, fault.id(), fault.delay().get().duration());
            }
            if (fault.abort().isPresent() && FaultEffects.hits(rolls, fault.abort().get().percent())) {
                abort(exchange, fault);
                return true;
            }
        }
        return false;
    }

    private static void abort(Exchange exchange, Fault fault) {
        answer(exchange, fault.id(), fault.abort().get().status());
    }

    /**
     * Answers the call for fault {@code faultId} with {@code status}, as the region's own answer:
     * {@code x-strait-fault}, this region in {@code x-strait-region}, no {@code x-strait-error},
     * and the body {@code {"error":"fault_injected","fault":"<id>"}}.
     */
    public static void answer(Exchange exchange, String faultId, int status) {
        byte[] body = ("{\"error\":\"fault_injected\",\"fault\":\"" + faultId + "\"}").getBytes(StandardCharsets.UTF_8);
        ClientResponse response = exchange.gatewayToClientResponse();
        response.status(status);
        response.headers().put(StraitHeaders.FAULT, faultId);
        response.headers().put(StraitHeaders.REGION, exchange.snapshot().region().value());
        response.headers().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.headers().put(HttpHeader.CONTENT_LENGTH, body.length);
        Callback.Completable written = new Callback.Completable();
        response.write(true, ByteBuffer.wrap(body), written);
        try {
            written.join();
        } catch (CompletionException e) {
            // The client went away; there is no one left to tell.
        }
    }
}
