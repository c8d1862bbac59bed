package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleMetricsTest {

    @Test
    void metrics_reportStagesHealthRestartsAndTimers() {
        EventLog log = new EventLog();
        ManualScheduler clock = new ManualScheduler();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestComponent db = new TestComponent("db", log);
        TestComponent web = new TestComponent("web", log);
        Lifecycle app = Lifecycle.builder()
                .component("db", db, o -> o.healthCheck(Duration.ofSeconds(10), Duration.ofSeconds(1)).healthThresholds(1, 1)
                        .restart(RestartPolicy.TEMPORARY))
                .component("web", web, o -> o.dependsOn("db").healthCheck(Duration.ofDays(1), Duration.ofDays(1)))
                .supervision(Supervision.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build())
                .meterRegistry(registry).scheduler(clock).build();
        assertThat(registry.get("foundation.lifecycle.component.stage").tag("component", "db").gauge().value())
                .isEqualTo(Stage.NEW.ordinal());
        app.start();
        assertThat(registry.get("foundation.lifecycle.component.stage").tag("component", "db").gauge().value())
                .isEqualTo(Stage.RUNNING.ordinal());
        assertThat(registry.get("foundation.lifecycle.health").gauge().value()).isEqualTo(HealthStatus.HEALTHY.ordinal());
        assertThat(registry.get("foundation.lifecycle.component.start").tags("component", "db", "outcome", "success").timer().count())
                .isEqualTo(1);

        db.health = Health.unhealthy("down");
        clock.advance(Duration.ofSeconds(10));
        await().until(() -> app.health().status() == HealthStatus.UNHEALTHY);
        assertThat(registry.get("foundation.lifecycle.component.health").tag("component", "db").gauge().value())
                .isEqualTo(HealthStatus.UNHEALTHY.ordinal());
        assertThat(registry.get("foundation.lifecycle.health").gauge().value()).isEqualTo(HealthStatus.UNHEALTHY.ordinal());

        web.context.crashed(new IOException("boom"));
        await().until(() -> app.stage("web") == Stage.FAILED);
        clock.awaitDue(Duration.ofSeconds(1), 1); // the restart is scheduled
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> app.stage("web") == Stage.RUNNING);
        assertThat(registry.get("foundation.lifecycle.component.restarts").tag("component", "web").counter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.lifecycle.component.restarts").tag("component", "db").counter().count()).isZero();

        app.close();
        assertThat(registry.get("foundation.lifecycle.component.stop").tags("component", "web", "outcome", "success").timer().count())
                .isEqualTo(2); // the crash clean-up and the shutdown
        assertThat(registry.get("foundation.lifecycle.component.stop").tags("component", "db", "outcome", "success").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("foundation.lifecycle.shutdown").timer().count()).isEqualTo(1);
        assertThat(registry.get("foundation.lifecycle.component.stage").tag("component", "db").gauge().value())
                .isEqualTo(Stage.STOPPED.ordinal());
    }
}
