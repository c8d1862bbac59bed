package dev.foundation.benchmarks.analytics;

import dev.foundation.analytics.Aggregate;
import dev.foundation.analytics.Analytics;
import dev.foundation.analytics.MeterSelector;
import dev.foundation.analytics.Window;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Memory per windowed meter: the retained heap of a pipeline's series, measured as the heap after a full GC with
 * {@code N} selected counters minus the heap with the same counters and no pipeline, divided by {@code N}.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.foundation.benchmarks.analytics.WindowMemory}.
 */
public final class WindowMemory {

    private WindowMemory() {
    }

    /**
     * Entry point.
     *
     * @param args none
     */
    public static void main(String[] args) {
        int meters = 2_000;
        for (String window : new String[] {"PT1M", "PT5M", "PT1H"}) {
            for (long resolutionSeconds : new long[] {1, 5}) {
                Duration size = Duration.parse(window);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                for (int i = 0; i < meters; i++) {
                    registry.counter("mem.counter", "i", Integer.toString(i)).increment();
                }
                long before = usedAfterGc();
                Clock clock = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);
                try (Analytics analytics = Analytics.builder(registry).clock(clock)
                        .resolution(Duration.ofSeconds(resolutionSeconds)).build()) {
                    analytics.pipeline("mem").select(MeterSelector.name("mem.counter")).window(Window.sliding(size))
                            .aggregates(Aggregate.SUM, Aggregate.RATE, Aggregate.MAX).start();
                    analytics.tick();
                    long after = usedAfterGc();
                    System.out.printf(Locale.ROOT, "window %-5s resolution %ds (%5d slots): %,8d bytes per windowed meter%n",
                            window, resolutionSeconds, size.toSeconds() / resolutionSeconds, (after - before) / meters);
                }
            }
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
