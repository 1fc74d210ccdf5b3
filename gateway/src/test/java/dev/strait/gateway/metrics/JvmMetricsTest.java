package dev.strait.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JvmMetricsTest {
    @ParameterizedTest
    @ValueSource(strings = {"jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
            "jvm_threads_virtual_pinned_seconds_count", "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count",
            "process_uptime_seconds"})
    void theProcessIsDescribed(String series) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JvmMetrics jvm = new JvmMetrics()) {
            jvm.bindTo(registry);

            Scrape scrape = Scrape.parse(registry.scrape());
            assertThat(scrape.named(series)).as("series named %s among %s", series,
                    scrape.samples().stream().map(Scrape.Sample::name).collect(Collectors.toCollection(java.util.TreeSet::new))).isNotEmpty();
        } finally {
            registry.close();
        }
    }
}
