package dev.strait.gateway.metrics;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.pipeline.CallOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every finished call: its duration by listener, caller region, service, serving region
 * and status class; its bytes; the gateway's own errors by code; retries; and failovers from the
 * call's first-choice region to the one that served it.
 */
public final class CallMetrics implements CallObserver {
    private static final Logger LOG = LoggerFactory.getLogger(CallMetrics.class);

    /**
     * Bucket bounds of {@code strait_requests_seconds}: a few fixed ones, from a fast local hop to
     * a call that waited on a slow upstream, rather than Micrometer's ~70 percentile buckets per series.
     */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Supplier<RoutingSnapshot> snapshots;
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> requestBytes;
    private final Meter.MeterProvider<Counter> responseBytes;
    private final Meter.MeterProvider<Counter> errors;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Counter> failovers;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /**
     * @param snapshots the node's current routing snapshot, which says which services and regions
     *                  are label values
     */
    public CallMetrics(MeterRegistry registry, Supplier<RoutingSnapshot> snapshots) {
        this.snapshots = snapshots;
        this.requests = Timer.builder("strait.requests")
                .description("Calls the gateway finished, by how long they took from arrival until the response was sent")
                .serviceLevelObjectives(BUCKETS)
                .withRegistry(registry);
        this.requestBytes = Counter.builder("strait.request.bytes")
                .description("Request body bytes received from callers")
                .withRegistry(registry);
        this.responseBytes = Counter.builder("strait.response.bytes")
                .description("Response body bytes sent to callers")
                .withRegistry(registry);
        this.errors = Counter.builder("strait.gateway.errors")
                .description("Calls the gateway answered with an error of its own, by x-strait-error code")
                .withRegistry(registry);
        this.retries = Counter.builder("strait.retries")
                .description("Attempts after the first, by whether the call was then served (< 500) or failed")
                .withRegistry(registry);
        this.failovers = Counter.builder("strait.failovers")
                .description("Calls served by another region than their first choice")
                .withRegistry(registry);
    }

    @Override
    public void completed(CallOutcome outcome) {
        try {
            record(outcome);
        } catch (RuntimeException e) {
            // A metrics failure must never fail a call; once is enough to tell the operator.
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("cannot record a call in the metrics; further failures are not logged", e);
            }
        }
    }

    private void record(CallOutcome outcome) {
        RoutingSnapshot snapshot = snapshots.get();
        String listener = BoundedLabels.listener(outcome.listener());
        String service = BoundedLabels.service(outcome.service(), snapshot);
        requests.withTags("listener", listener,
                        "caller_region", BoundedLabels.region(outcome.callerRegion(), snapshot),
                        "service", service,
                        "serving_region", BoundedLabels.region(outcome.servedBy(), snapshot),
                        "status_class", BoundedLabels.statusClass(outcome.status()))
                .record(outcome.durationNanos(), TimeUnit.NANOSECONDS);
        requestBytes.withTags("listener", listener, "service", service).increment(outcome.requestBytes());
        responseBytes.withTags("listener", listener, "service", service).increment(outcome.responseBytes());
        outcome.error().ifPresent(error -> errors.withTags("listener", listener, "code", error.code()).increment());
        if (outcome.retries() > 0) {
            retries.withTags("service", service, "outcome", outcome.status() < 500 ? "served" : "failed")
                    .increment(outcome.retries());
        }
        if (outcome.failedOver()) {
            failovers.withTags("service", service,
                            "from_region", BoundedLabels.region(outcome.firstChoice(), snapshot),
                            "to_region", BoundedLabels.region(outcome.servedBy(), snapshot))
                    .increment();
        }
    }
}
