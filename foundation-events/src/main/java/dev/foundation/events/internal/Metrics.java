package dev.foundation.events.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Creates the meters of one owner (a stream or a subscription) and removes them all on {@link #close()}.
 * Without a registry every meter is a no-op.
 */
final class Metrics implements AutoCloseable {

    /** Meter name prefix. */
    static final String PREFIX = "foundation.events.";

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();

    Metrics(Optional<MeterRegistry> registry, Tags tags) {
        this.registry = registry.orElse(null);
        this.tags = tags;
    }

    Metrics with(Tags extra) {
        return new Metrics(Optional.ofNullable(registry), tags.and(extra));
    }

    synchronized Counter counter(String name, String description, Tags extra) {
        if (registry == null) {
            return new NoopCounter(new Meter.Id(PREFIX + name, tags.and(extra), null, description, Meter.Type.COUNTER));
        }
        Counter c = Counter.builder(PREFIX + name).description(description).tags(tags.and(extra)).register(registry);
        meters.add(c);
        return c;
    }

    synchronized Timer timer(String name, String description) {
        if (registry == null) {
            return new NoopTimer(new Meter.Id(PREFIX + name, tags, null, description, Meter.Type.TIMER));
        }
        Timer t = Timer.builder(PREFIX + name).description(description).tags(tags).register(registry);
        meters.add(t);
        return t;
    }

    synchronized DistributionSummary summary(String name, String description, String unit) {
        if (registry == null) {
            return new NoopDistributionSummary(
                    new Meter.Id(PREFIX + name, tags, unit, description, Meter.Type.DISTRIBUTION_SUMMARY));
        }
        DistributionSummary s = DistributionSummary.builder(PREFIX + name).description(description).baseUnit(unit)
                .tags(tags).register(registry);
        meters.add(s);
        return s;
    }

    synchronized <O> void gauge(String name, String description, Tags extra, O target, ToDoubleFunction<O> fn) {
        if (registry == null) {
            return;
        }
        meters.add(Gauge.builder(PREFIX + name, target, fn).description(description).tags(tags.and(extra))
                .register(registry));
    }

    synchronized void functionCounter(String name, String description, Tags extra, LongAdder source) {
        functionCounter(name, description, extra, source, LongAdder::doubleValue);
    }

    synchronized <O> void functionCounter(String name, String description, Tags extra, O source,
                                          ToDoubleFunction<O> count) {
        if (registry == null) {
            return;
        }
        meters.add(FunctionCounter.builder(PREFIX + name, source, count).description(description)
                .tags(tags.and(extra)).register(registry));
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            for (Meter m : meters) {
                registry.remove(m);
            }
        }
        meters.clear();
    }
}
