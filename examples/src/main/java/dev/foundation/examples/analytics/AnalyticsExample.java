package dev.foundation.examples.analytics;

import dev.foundation.analytics.Aggregate;
import dev.foundation.analytics.AlertRule;
import dev.foundation.analytics.Analytics;
import dev.foundation.analytics.Budget;
import dev.foundation.analytics.Detectors;
import dev.foundation.analytics.MeterSelector;
import dev.foundation.analytics.Pipeline;
import dev.foundation.analytics.PipelineResult;
import dev.foundation.analytics.ResourceMonitor;
import dev.foundation.analytics.ScalingPolicy;
import dev.foundation.analytics.Window;
import dev.foundation.examples.Example;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two simulated minutes of a checkout service: a latency pipeline with an anomaly detector and an alert rule, a queue
 * budget that sheds load, and a scaling policy sizing the workers. Time is driven by the example (a clock it moves
 * one second per tick), so the run takes a moment and prints the same story every time.
 */
public final class AnalyticsExample implements Example {

    /** Creates the example (found by the launcher through {@link java.util.ServiceLoader}). */
    public AnalyticsExample() {
    }

    @Override
    public String name() {
        return "analytics";
    }

    @Override
    public String description() {
        return "foundation-analytics: a latency pipeline, an anomaly detector, an alert, a budget and a scaling policy"
                + " over two simulated minutes";
    }

    @Override
    public void run(String[] args) {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-12-06T12:00:00Z"));
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.foundation.analytics") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.foundation.analytics", "error"); // the example prints its own story
        }
        // Micrometer's percentile windows rotate with the same simulated time
        MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock.micrometer());
        new ResourceMonitor().bindTo(registry);
        Timer checkout = Timer.builder("checkout.duration").publishPercentiles(0.95)
                .distributionStatisticExpiry(Duration.ofSeconds(10)).distributionStatisticBufferLength(2).register(registry);
        AtomicInteger queue = new AtomicInteger();
        Gauge.builder("orders.queue", queue, AtomicInteger::get).register(registry);
        AtomicInteger workers = new AtomicInteger();
        // snippet:analytics
        try (Analytics analytics = Analytics.builder(registry).clock(clock).resolution(Duration.ofSeconds(1)).build()) {
            Pipeline latency = analytics.pipeline("checkout")
                    .select(MeterSelector.name("checkout.duration"))
                    .window(Window.sliding(Duration.ofSeconds(10)))
                    .aggregates(Aggregate.AVG, Aggregate.P95, Aggregate.RATE)
                    .smoothing(0.3)
                    .publishAs("checkout.latency")                  // gauges tagged aggregate=avg|p95|rate
                    .detect(Aggregate.AVG, Detectors.ewmaZScore(0.2, 8.0, 20),
                            a -> System.out.printf("   anomaly: avg %.3f s, expected %.3f s (%.1f sd)%n",
                                    a.value(), a.expected(), a.score()))
                    .alert(AlertRule.builder("checkout-slow").aggregate(Aggregate.P95).above(0.25)
                            .forAtLeast(Duration.ofSeconds(5)).build(),
                            e -> System.out.printf("   alert %s %s at p95 %.3f s%n", e.rule(), e.state(), e.value()))
                    .start();
            Pipeline backlog = analytics.pipeline("backlog").select(MeterSelector.name("orders.queue"))
                    .window(Window.sliding(Duration.ofSeconds(3))).aggregates(Aggregate.MAX).start();
            analytics.add(Budget.builder("queue", backlog, Aggregate.MAX).limit(200).shedAt(0.9).recoverAt(0.5)
                    .onShed(() -> System.out.println("   budget: shedding, new orders refused"))
                    .onRecover(() -> System.out.println("   budget: recovered, orders accepted again")).build());
            analytics.add(ScalingPolicy.builder("workers").metric(queue::get).scaleUpAbove(100).scaleDownBelow(10)
                    .min(2).max(8).steps(2, 1).cooldown(Duration.ofSeconds(5))
                    .target(n -> {
                        workers.set(n);
                        System.out.println("   scaling: " + n + " workers");
                    }).build());
            // end-snippet
            Random random = new Random(7);
            for (int second = 0; second < 120; second++) {
                boolean slow = second >= 60 && second < 80;
                for (int i = 0; i < 20; i++) {
                    double ms = slow ? 300 + random.nextGaussian() * 40 : 40 + random.nextGaussian() * 5;
                    checkout.record((long) (Math.max(1, ms) * 1_000_000), TimeUnit.NANOSECONDS);
                }
                boolean shedding = !analytics.sheddingBudgets().isEmpty();
                int arriving = shedding ? 0 : 20;
                int served = workers.get() * (slow ? 2 : 6);
                queue.set(Math.max(0, queue.get() + arriving - served));
                clock.advance(Duration.ofSeconds(1));
                analytics.tick();
                if (second % 20 == 19) {
                    PipelineResult r = latency.latest().get(0);
                    System.out.printf(Locale.ROOT, "t=%3ds avg %.3f s  p95 %.3f s  rate %.0f/s  queue %d  workers %d%n",
                            second + 1, r.value(Aggregate.AVG), r.value(Aggregate.P95), r.value(Aggregate.RATE),
                            queue.get(), workers.get());
                }
            }
            System.out.println("alerts firing at the end: " + analytics.firingAlerts().size()
                    + "; mean checkout time over the last 10 s: " + latency.query(Aggregate.AVG, Duration.ofSeconds(10)));
        }
    }

    /** A clock the example moves itself. */
    private static final class SimulatedClock extends Clock {
        private Instant now;

        SimulatedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        io.micrometer.core.instrument.Clock micrometer() {
            return new io.micrometer.core.instrument.Clock() {
                @Override
                public long wallTime() {
                    return now.toEpochMilli();
                }

                @Override
                public long monotonicTime() {
                    return TimeUnit.MILLISECONDS.toNanos(now.toEpochMilli());
                }
            };
        }
    }
}
