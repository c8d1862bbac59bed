package dev.foundation.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.foundation.events.EventStreams;
import dev.foundation.events.StreamSpec;
import dev.foundation.lifecycle.Component;
import dev.foundation.lifecycle.ComponentContext;
import dev.foundation.lifecycle.Health;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.RestartPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * The Foundation lifecycle in a real Spring Boot application (all auto-configuration on): its phase relative to
 * the web server's, its stop within the context's close, its health in Boot's health registry.
 */
class FoundationLifecycleSpringBootTest {

    /** What happened, in order, across the Foundation component and a bean in the web server's phase. */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    /** The health the "backend" component reports. */
    static final AtomicReference<Health> BACKEND = new AtomicReference<>(Health.healthy());

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /** An application component: starts after and stops before the Foundation beans. */
        @Bean
        Component consumer() {
            return new Component() {
                @Override
                public void start(ComponentContext context) {
                    EVENTS.add("consumer started");
                }

                @Override
                public void stop() {
                    EVENTS.add("consumer stopped");
                }
            };
        }

        /** A component with a fast health check, added with options through a customizer. */
        @Bean
        LifecycleCustomizer backend() {
            return builder -> builder.component("backend", () -> { }, () -> { }, BACKEND::get,
                    o -> o.healthCheck(Duration.ofMillis(20), Duration.ofSeconds(5)).healthThresholds(1, 1)
                            .restart(RestartPolicy.TEMPORARY));
        }

        /** Stands for the web server: Boot's WebServerStartStopLifecycle runs in this phase. */
        @Bean
        SmartLifecycle webServer() {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    EVENTS.add("web server started");
                    running = true;
                }

                @Override
                public void stop() {
                    EVENTS.add("web server stopped");
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return SmartLifecycle.DEFAULT_PHASE - 2048;
                }
            };
        }
    }

    private static ConfigurableApplicationContext run(String... properties) {
        EVENTS.clear();
        BACKEND.set(Health.healthy());
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties).run();
    }

    @Test
    void foundationStartsBeforeAndStopsAfterTheWebServer_andClosesItsBeans() {
        EventStreams streams;
        try (ConfigurableApplicationContext context = run()) {
            streams = context.getBean(EventStreams.class);
            assertThat(EVENTS).containsExactly("consumer started", "web server started");
            assertThat(context.getBean(Lifecycle.class).components())
                    .containsSubsequence("foundationEventStreams", "consumer");
        }
        assertThat(EVENTS).containsExactly("consumer started", "web server started", "web server stopped",
                "consumer stopped");
        assertThatThrownBy(() -> streams.create("late", StreamSpec.of(String.class)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void phaseProperty_movesFoundationAfterTheWebServer() {
        try (ConfigurableApplicationContext context = run("foundation.lifecycle.phase=" + Integer.MAX_VALUE)) {
            assertThat(EVENTS).containsExactly("web server started", "consumer started");
            assertThat(context.getBean(FoundationSmartLifecycle.class).getPhase()).isEqualTo(Integer.MAX_VALUE);
        }
        assertThat(EVENTS).containsExactly("web server started", "consumer started", "consumer stopped",
                "web server stopped");
    }

    @Test
    void componentHealth_isInBootsHealthRegistry_asFoundation() {
        try (ConfigurableApplicationContext context = run()) {
            HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
            HealthIndicator foundation = (HealthIndicator) registry.getContributor("foundation");
            assertThat(foundation).isNotNull();
            org.springframework.boot.health.contributor.Health up = foundation.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKeys("foundationEventStreams", "foundationCoordination", "consumer",
                    "backend");

            BACKEND.set(Health.unhealthy("database unreachable"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                org.springframework.boot.health.contributor.Health down = foundation.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                @SuppressWarnings("unchecked")
                Map<String, Object> backend = (Map<String, Object>) down.getDetails().get("backend");
                assertThat(backend).containsEntry("status", "UNHEALTHY").containsEntry("detail", "database unreachable");
            });

            BACKEND.set(Health.degraded("replica missing"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                org.springframework.boot.health.contributor.Health degraded = foundation.health();
                assertThat(degraded.getStatus()).isEqualTo(Status.UP);
                assertThat(degraded.getDetails()).containsEntry("foundation.status", "DEGRADED");
            });
        }
    }
}
