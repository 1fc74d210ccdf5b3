package dev.strait.gateway.metrics;

import dev.strait.gateway.upstream.UpstreamTransports;
import dev.strait.policy.model.HostPort;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the node's upstream pools hold right now: calls in flight to endpoints and to other
 * regions' gateways, and open pooled connections by protocol. Read when scraped.
 */
public final class UpstreamMetrics implements MeterBinder {
    private final UpstreamTransports transports;
    private final Supplier<Set<HostPort>> gateways;

    /**
     * @param gateways the peer-listener addresses of other regions' gateways as the node knows
     *                 them now; every other upstream address is an endpoint
     */
    public UpstreamMetrics(UpstreamTransports transports, Supplier<Set<HostPort>> gateways) {
        this.transports = transports;
        this.gateways = gateways;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("strait.upstream.active.requests", () -> transports.activeRequests(address -> !gateways.get().contains(address)))
                .description("Calls in flight from this node to upstreams: endpoints of its region, or gateways of other regions")
                .tag("kind", "endpoint")
                .register(registry);
        Gauge.builder("strait.upstream.active.requests", () -> transports.activeRequests(gateways.get()::contains))
                .description("Calls in flight from this node to upstreams: endpoints of its region, or gateways of other regions")
                .tag("kind", "gateway")
                .register(registry);
        Gauge.builder("strait.upstream.connections", transports::openHttp1Connections)
                .description("Open pooled upstream connections (HTTP/2: one multiplexed session per address)")
                .tag("protocol", "http1")
                .register(registry);
        Gauge.builder("strait.upstream.connections", transports::openHttp2Connections)
                .description("Open pooled upstream connections (HTTP/2: one multiplexed session per address)")
                .tag("protocol", "http2")
                .register(registry);
    }
}
