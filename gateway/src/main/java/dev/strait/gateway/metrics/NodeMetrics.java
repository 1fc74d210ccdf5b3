package dev.strait.gateway.metrics;

import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.peering.PeeringStatus;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.upstream.UpstreamTransports;
import dev.strait.policy.model.HostPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The metrics of one node: a registry of its own (never a global one, so nodes sharing a process
 * keep their numbers apart), with calls, upstream pools, federation, Raft (with Ratis's own
 * metrics of this node's Raft member), the node certificate and the JVM bound to it. {@link #calls()} goes among the node's call observers and
 * {@link #scrape()} answers {@code GET /metrics}.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final CallMetrics calls;
    private final JvmMetrics jvm;
    private final RatisMetrics ratis;

    private NodeMetrics(PrometheusMeterRegistry registry, CallMetrics calls, JvmMetrics jvm, RatisMetrics ratis) {
        this.registry = registry;
        this.calls = calls;
        this.jvm = jvm;
        this.ratis = ratis;
    }

    /**
     * Creates the node's registry and binds every recorder to it.
     *
     * @param certificate the node's own certificate, as it is now (rotated certificates are picked up)
     */
    public static NodeMetrics start(SnapshotPublisher snapshots, RegionStateStore store, Supplier<PeeringStatus> peering,
            UpstreamTransports transports, Supplier<X509Certificate> certificate) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMetrics jvm = new JvmMetrics();
        try {
            CallMetrics calls = new CallMetrics(registry, snapshots::current);
            new UpstreamMetrics(transports, () -> remoteGateways(store.current())).bindTo(registry);
            FederationMetrics federation = new FederationMetrics(snapshots::current, store::current, peering);
            // Subscribed first, so that no snapshot falls between the current one and the next.
            snapshots.subscribe(federation::observe);
            federation.bindTo(registry);
            new RaftMetrics(store::status).bindTo(registry);
            RatisMetrics ratis = new RatisMetrics(store.ratisMetrics()::scan, registry);
            ratis.refresh();
            new CertificateMetrics(certificate, Clock.systemUTC()).bindTo(registry);
            jvm.bindTo(registry);
            return new NodeMetrics(registry, calls, jvm, ratis);
        } catch (RuntimeException e) {
            jvm.close();
            registry.close();
            throw e;
        }
    }

    /** The observer that counts every finished call. */
    public CallObserver calls() {
        return calls;
    }

    /** Every series of the node in the Prometheus text format 0.0.4. */
    public String scrape() {
        // Ratis registers some of its metrics only as they come into use; pick them up first.
        ratis.refresh();
        return registry.scrape();
    }

    /** The node's registry, for the node's other recorders to bind to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The peer-listener addresses of every other region's gateways, as the region imported them. */
    static Set<HostPort> remoteGateways(RegionState state) {
        Set<HostPort> gateways = new HashSet<>();
        for (ImportedRegion imported : state.imports().values()) {
            gateways.addAll(imported.gateways());
        }
        return gateways;
    }

    @Override
    public void close() {
        jvm.close();
        registry.close();
    }
}
