package dev.foundation.config.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The configuration's meters; all no-ops without a registry. */
final class Metrics {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter applied;
    private final Counter unchanged;
    private final Counter rejected;
    private final Timer duration;
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong lastSuccessMillis = new AtomicLong();

    Metrics(MeterRegistry registry, String name) {
        this.registry = registry;
        if (registry == null) {
            applied = null;
            unchanged = null;
            rejected = null;
            duration = null;
            return;
        }
        applied = counter(registry, name, "applied");
        unchanged = counter(registry, name, "unchanged");
        rejected = counter(registry, name, "rejected");
        duration = Timer.builder("foundation.config.reload.duration")
                .description("Time to read, parse, bind and validate the sources on a reload")
                .tag("config", name).register(registry);
        meters.add(duration);
        meters.add(Gauge.builder("foundation.config.version", version, AtomicLong::doubleValue)
                .description("Version of the current snapshot").tag("config", name).register(registry));
        meters.add(Gauge.builder("foundation.config.last.success", lastSuccessMillis, v -> v.get() / 1000.0)
                .description("When a snapshot was last applied (initial load, reload or rollback), epoch seconds")
                .baseUnit("seconds").tag("config", name).register(registry));
    }

    private Counter counter(MeterRegistry registry, String name, String outcome) {
        Counter c = Counter.builder("foundation.config.reloads")
                .description("Reload attempts by outcome (applied, unchanged, rejected)")
                .tag("config", name).tag("outcome", outcome).register(registry);
        meters.add(c);
        return c;
    }

    void applied(long newVersion, long epochMillis) {
        version.set(newVersion);
        lastSuccessMillis.set(epochMillis);
    }

    void outcome(ReloadOutcome o, Duration took) {
        if (registry == null) {
            return;
        }
        switch (o) {
            case APPLIED:
                applied.increment();
                break;
            case UNCHANGED:
                unchanged.increment();
                break;
            default:
                rejected.increment();
        }
        duration.record(took);
    }

    void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
    }

    enum ReloadOutcome { APPLIED, UNCHANGED, REJECTED }
}
