package dev.strait.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;

/**
 * The process the node runs in ({@code jvm_*}, {@code process_*}, {@code system_*}): memory, GC,
 * threads (virtual threads pinned or not started included), class loading, CPU, file descriptors
 * and uptime. When several nodes share a process (the demo), each shows the same process.
 */
final class JvmMetrics implements MeterBinder, AutoCloseable {
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final VirtualThreadMetrics virtualThreads = new VirtualThreadMetrics();

    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmInfoMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        virtualThreads.bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Stops listening to GC notifications and the JFR stream of virtual-thread events. */
    @Override
    public void close() {
        gc.close();
        virtualThreads.close();
    }
}
