package dev.foundation.federation.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One pool's meters, or nothing when the federation has no registry. */
class PoolMeters {

    static final PoolMeters NONE = new PoolMeters();

    void success(long nanos) {
    }

    void failure(long nanos) {
    }

    void remove() {
    }

    static PoolMeters of(MeterRegistry registry, String federation, String pool, String locality,
                         Supplier<Number> inFlight, Supplier<Number> ejected, Supplier<Number> available) {
        return registry == null ? NONE : new Live(registry, federation, pool, locality, inFlight, ejected, available);
    }

    /** Meters in a registry. */
    private static final class Live extends PoolMeters {
        private final MeterRegistry registry;
        private final Counter calls;
        private final Counter failures;
        private final Timer latency;
        private final List<Meter> all;

        Live(MeterRegistry registry, String federation, String pool, String locality, Supplier<Number> inFlight,
             Supplier<Number> ejected, Supplier<Number> available) {
            this.registry = registry;
            Tags tags = Tags.of("federation", federation, "pool", pool, "locality", locality);
            calls = Counter.builder("foundation.federation.calls").tags(tags)
                    .description("attempts run on the pool").register(registry);
            failures = Counter.builder("foundation.federation.failures").tags(tags)
                    .description("attempts on the pool that failed or timed out").register(registry);
            latency = Timer.builder("foundation.federation.latency").tags(tags)
                    .description("time of an attempt on the pool, failed ones included").register(registry);
            Gauge inFlightGauge = Gauge.builder("foundation.federation.in.flight", inFlight).tags(tags)
                    .description("calls running on the pool").strongReference(true).register(registry);
            Gauge ejectedGauge = Gauge.builder("foundation.federation.ejected", ejected).tags(tags)
                    .description("1 while the pool is ejected as an outlier, else 0").strongReference(true)
                    .register(registry);
            Gauge availableGauge = Gauge.builder("foundation.federation.available", available).tags(tags)
                    .description("1 while the pool can take calls, else 0").strongReference(true).register(registry);
            all = List.of(calls, failures, latency, inFlightGauge, ejectedGauge, availableGauge);
        }

        @Override
        void success(long nanos) {
            calls.increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        void failure(long nanos) {
            calls.increment();
            failures.increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        void remove() {
            for (Meter m : all) {
                registry.remove(m);
            }
        }
    }
}
