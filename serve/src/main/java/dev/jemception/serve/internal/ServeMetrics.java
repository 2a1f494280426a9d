package dev.jemception.serve.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** The service's metrics in Prometheus' text format ({@code GET /metrics}). */
final class ServeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter cacheHits;
    private final Timer compileTime;
    private final Timer runTime;

    ServeMetrics(Admission admission) {
        Gauge.builder("jemception.queue.length", admission, Admission::waiting)
                .description("requests waiting for a slot").register(registry);
        Gauge.builder("jemception.requests.in.flight", admission, Admission::running)
                .description("requests running").register(registry);
        cacheHits = Counter.builder("jemception.cache.hits").description("compiles replayed by the result cache").register(registry);
        compileTime = Timer.builder("jemception.compile").description("time a compile ran")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        runTime = Timer.builder("jemception.run").description("time a WASI run (all its cases) ran")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
    }

    void request(String endpoint, int status) {
        Counter.builder("jemception.requests").description("requests answered")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
    }

    void compiled(long nanos, boolean cached) {
        compileTime.record(Duration.ofNanos(nanos));
        if (cached) {
            cacheHits.increment();
        }
    }

    void ran(long nanos) {
        runTime.record(Duration.ofNanos(nanos));
    }

    String scrape() {
        return registry.scrape();
    }
}
