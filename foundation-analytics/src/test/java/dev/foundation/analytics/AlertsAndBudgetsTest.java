package dev.foundation.analytics;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertsAndBudgetsTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(2_000_000_000L);
    private final Analytics analytics = Analytics.builder(registry).clock(clock).resolution(TICK).build();
    private final AtomicReference<Double> level = new AtomicReference<>(0.0);

    @AfterEach
    void close() {
        analytics.close();
    }

    private void tickWith(double value) {
        level.set(value);
        clock.advance(TICK);
        assertThat(analytics.tick()).isTrue();
    }

    private PipelineBuilder levelPipeline() {
        Gauge.builder("level", level, AtomicReference::get).register(registry);
        return analytics.pipeline("level").select(MeterSelector.name("level")).window(Window.sliding(TICK))
                .aggregates(Aggregate.LAST);
    }

    @Test
    void alert_firesOnceAfterItsDuration_andResolvesOnce() {
        List<AlertEvent> events = new ArrayList<>();
        levelPipeline().alert(AlertRule.builder("high").aggregate(Aggregate.LAST).above(10)
                .forAtLeast(Duration.ofSeconds(3)).build(), events::add).start();
        tickWith(11);
        tickWith(12);
        tickWith(13);
        assertThat(events).as("pending for 2 s").isEmpty();
        tickWith(14);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.State.FIRING);
            assertThat(e.value()).isEqualTo(14);
            assertThat(Duration.between(e.since(), e.at())).isEqualTo(Duration.ofSeconds(3));
        });
        assertThat(analytics.firingAlerts()).hasSize(1);
        for (int i = 0; i < 5; i++) {
            tickWith(20);
        }
        assertThat(events).as("de-duplicated while it keeps firing").hasSize(1);
        tickWith(5);
        assertThat(events).hasSize(2).last().extracting(AlertEvent::state).isEqualTo(AlertEvent.State.RESOLVED);
        assertThat(analytics.firingAlerts()).isEmpty();
        tickWith(5);
        assertThat(events).hasSize(2);
    }

    @Test
    void alert_pendingIsResetByOneWindowBelowTheLimit() {
        List<AlertEvent> events = new ArrayList<>();
        levelPipeline().alert(AlertRule.builder("high").aggregate(Aggregate.LAST).above(10)
                .forAtLeast(Duration.ofSeconds(2)).build(), events::add).start();
        for (int i = 0; i < 10; i++) {
            tickWith(i % 2 == 0 ? 50 : 1);
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aListenerThatThrows_doesNotStopThePipeline() {
        List<AlertEvent> events = new ArrayList<>();
        levelPipeline().onResult(r -> {
            throw new IllegalStateException("listener bug");
        }).alert(AlertRule.builder("any").aggregate(Aggregate.LAST).above(0).build(), events::add).start();
        tickWith(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void budget_shedsAtTheMark_andRecoversOnlyBelowTheLowerOne() {
        Pipeline p = levelPipeline().start();
        AtomicInteger sheds = new AtomicInteger();
        AtomicInteger recoveries = new AtomicInteger();
        List<BudgetEvent> events = new ArrayList<>();
        analytics.add(Budget.builder("heap", p, Aggregate.LAST).limit(100).shedAt(0.9).recoverAt(0.7)
                .onShed(sheds::incrementAndGet).onRecover(recoveries::incrementAndGet).listener(events::add).build());
        double[] values = {50, 89, 90, 95, 80, 89, 71, 70, 85, 89, 91};
        for (double v : values) {
            tickWith(v);
        }
        assertThat(sheds).hasValue(2);
        assertThat(recoveries).hasValue(1);
        assertThat(events).extracting(BudgetEvent::shedding).containsExactly(true, false, true);
        assertThat(events).extracting(BudgetEvent::value).containsExactly(90.0, 70.0, 91.0);
        assertThat(analytics.sheddingBudgets()).containsExactly("heap");
        assertThat(registry.get("foundation.analytics.budget.shedding").tag("budget", "heap").gauge().value()).isEqualTo(1);
    }

    @Test
    void budget_rejectsContradictionsAndForeignPipelines() {
        Pipeline p = levelPipeline().start();
        assertThatThrownBy(() -> Budget.builder("b", p, Aggregate.LAST).limit(1).shedAt(0.5).recoverAt(0.5).build())
                .hasMessageContaining("recoverAt (0.5) must be below shedAt (0.5)");
        assertThatThrownBy(() -> Budget.builder("b", p, Aggregate.MAX)).hasMessageContaining("computes only [LAST]");
        assertThatThrownBy(() -> Budget.builder("b", p, Aggregate.LAST).build()).hasMessageContaining("needs a limit");
        try (Analytics other = Analytics.builder(new SimpleMeterRegistry()).clock(clock).resolution(TICK).build()) {
            Budget b = Budget.builder("b", p, Aggregate.LAST).limit(1).build();
            assertThatThrownBy(() -> other.add(b)).hasMessageContaining("does not belong to this engine");
        }
    }
}
