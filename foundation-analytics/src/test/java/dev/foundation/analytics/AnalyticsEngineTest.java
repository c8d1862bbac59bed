package dev.foundation.analytics;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsEngineTest {

    @TempDir
    Path dir;

    private static long analyticsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("foundation-analytics")).count();
    }

    @Test
    void start_ticksOnItsOwnThread_andCloseLeavesNoThread() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Analytics analytics = Analytics.builder(registry).resolution(Duration.ofMillis(20)).build();
        analytics.start();
        assertThatThrownBy(analytics::start).isInstanceOf(IllegalStateException.class).hasMessage("analytics is already started");
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("foundation.analytics.ticks").counter().count() >= 3);
        assertThat(analyticsThreads()).isEqualTo(1);
        analytics.close();
        assertThat(analyticsThreads()).isZero();
        assertThatThrownBy(analytics::start).isInstanceOf(IllegalStateException.class).hasMessage("analytics is closed");
    }

    @Test
    void resourceMonitor_reportsThisProcess() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ResourceMonitor(dir).bindTo(registry);
        assertThat(registry.get(ResourceMonitor.HEAP_USED).gauge().value()).isPositive();
        assertThat(registry.get(ResourceMonitor.THREADS).gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ResourceMonitor.DISK_FREE).tag("path", dir.toString()).gauge().value()).isPositive();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(registry.get(ResourceMonitor.OPEN_FILES).gauge().value()).isGreaterThanOrEqualTo(3);
            assertThat(registry.find(ResourceMonitor.DISK_WRITTEN).functionCounter()).isNotNull();
        }
    }

    @Test
    void aBudgetOverAResourceMeter_seesTheHeap() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ResourceMonitor().bindTo(registry);
        MutableClock clock = new MutableClock(5_000_000_000L);
        try (Analytics analytics = Analytics.builder(registry).clock(clock).resolution(Duration.ofSeconds(1)).build()) {
            Pipeline heap = analytics.pipeline("heap").select(MeterSelector.name(ResourceMonitor.HEAP_USED))
                    .window(Window.sliding(Duration.ofSeconds(1))).aggregates(Aggregate.LAST).start();
            analytics.add(Budget.builder("heap", heap, Aggregate.LAST).limit(1).build()); // 1 byte: over at once
            clock.advance(Duration.ofSeconds(1));
            analytics.tick();
            assertThat(analytics.sheddingBudgets()).containsExactly("heap");
        }
    }
}
