package dev.foundation.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.foundation.cache.TieredCache;
import dev.foundation.coordination.Coordination;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The conditional matrix: which beans exist for which class path, properties and application beans. */
class FoundationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FoundationConfigAutoConfiguration.class,
                    FoundationEventsAutoConfiguration.class, FoundationCoordinationAutoConfiguration.class,
                    FoundationWorkflowAutoConfiguration.class, FoundationCacheAutoConfiguration.class,
                    FoundationLifecycleAutoConfiguration.class));

    @Test
    void everyModuleOnTheClassPath_givesItsBeans_andStartsTheLifecycle() {
        runner.run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(EventStreams.class)
                    .hasSingleBean(Coordination.class)
                    .hasSingleBean(Lifecycle.class)
                    .hasSingleBean(FoundationSmartLifecycle.class)
                    .hasSingleBean(FoundationConfigFactory.class)
                    .hasBean("foundationHealthIndicator")
                    // no store configured: no engine; no @EnableCaching: no cache manager
                    .doesNotHaveBean(WorkflowEngine.class)
                    .doesNotHaveBean(CacheManager.class);
            Lifecycle lifecycle = context.getBean(Lifecycle.class);
            assertThat(lifecycle.components()).containsExactlyInAnyOrder("foundationCoordination", "foundationEventStreams");
            assertThat(lifecycle.health().started()).isTrue();
            assertThat(context.getBean(FoundationSmartLifecycle.class).isRunning()).isTrue();
        });
    }

    @Test
    void eventsMissingFromTheClassPath_givesNoEventStreams_andTheRestStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(EventStreams.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("foundationEventStreams")
                    .hasSingleBean(Coordination.class).hasSingleBean(Lifecycle.class);
            assertThat(context.getBean(Lifecycle.class).components()).containsExactly("foundationCoordination");
        });
    }

    @Test
    void lifecycleMissingFromTheClassPath_givesNoLifecycleNorHealth_butTheModules() {
        runner.withClassLoader(new FilteredClassLoader(Lifecycle.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("foundationLifecycle")
                        .doesNotHaveBean("foundationSmartLifecycle").doesNotHaveBean("foundationHealthIndicator")
                        .hasSingleBean(EventStreams.class).hasSingleBean(Coordination.class));
    }

    @Test
    void healthMissingFromTheClassPath_givesNoHealthIndicator_butTheLifecycle() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("foundationHealthIndicator")
                        .hasSingleBean(Lifecycle.class));
    }

    @Test
    void coordinationMissing_givesNoCoordination() {
        runner.withClassLoader(new FilteredClassLoader(Coordination.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("foundationCoordination")
                        .hasSingleBean(EventStreams.class));
    }

    @Test
    void cacheMissing_givesNoCacheManager_soSpringsOwnCheckFails() {
        runner.withClassLoader(new FilteredClassLoader(TieredCache.class)).withUserConfiguration(CachingConfig.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("No qualifying bean of type 'org.springframework.cache.CacheManager'"));
    }

    @Test
    void enableCaching_givesTheFoundationCacheManager() {
        runner.withUserConfiguration(CachingConfig.class).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(CacheManager.class)
                        .hasSingleBean(FoundationCacheManager.class));
    }

    @Test
    void disabledByProperty_givesNoBean() {
        runner.withPropertyValues("foundation.events.enabled=false", "foundation.coordination.enabled=false",
                "foundation.lifecycle.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(EventStreams.class)
                        .doesNotHaveBean(Coordination.class).doesNotHaveBean(Lifecycle.class)
                        .doesNotHaveBean(FoundationHealthIndicator.class));
    }

    @Test
    void applicationBeans_replaceTheAutoConfiguredOnes_andAreStillDrivenByTheLifecycle() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventStreams.class).hasSingleBean(Coordination.class);
            assertThat(context.getBean(EventStreams.class)).isSameAs(context.getBean(OwnBeans.class).streams);
            assertThat(context.getBean(Lifecycle.class).components()).contains("myStreams", "myCoordination");
        });
    }

    @Test
    void theContextsMeterRegistry_receivesFoundationMeters() {
        runner.withUserConfiguration(Meters.class, CachingConfig.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            EventStream<String> stream = context.getBean(EventStreams.class).create("orders", StreamSpec.of(String.class));
            stream.publish("o-1").toCompletableFuture().join();
            context.getBean(CacheManager.class).getCache("prices").put("k", "v");
            context.getBean(Coordination.class).lock("l").tryAcquire(Duration.ofSeconds(5), Duration.ofSeconds(30))
                    .orElseThrow().close();
            Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
            assertThat(names).anyMatch(n -> n.startsWith("foundation.events."))
                    .anyMatch(n -> n.startsWith("foundation.lifecycle."))
                    .anyMatch(n -> n.startsWith("foundation.cache."))
                    .anyMatch(n -> n.startsWith("foundation.coordination."));
        });
    }

    @Test
    void hazelcastBackendWithoutAnInstance_failsTheStart_naming() {
        runner.withPropertyValues("foundation.coordination.backend=hazelcast").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("foundation.coordination.backend=hazelcast needs exactly one HazelcastInstance");
        });
    }

    @Test
    void invalidProperty_failsTheStart_namingIt() {
        runner.withPropertyValues("foundation.lifecycle.shutdown-budget=-1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("foundation.lifecycle.shutdown-budget must be > 0 but was PT-1S");
        });
    }

    @Test
    void workflowEngine_fromTheSqliteFileProperty_runsDefinitionBeans_andLeavesNoThreadAfterClose(@TempDir Path dir) {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        runner.withUserConfiguration(Definitions.class)
                .withPropertyValues("foundation.workflow.sqlite-file=" + dir.resolve("wf.db"),
                        "foundation.workflow.parallelism=2")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WorkflowEngine.class);
                    WorkflowEngine engine = context.getBean(WorkflowEngine.class);
                    InstanceInfo done = engine.start("greet", "ada").result(Duration.ofSeconds(30));
                    assertThat(done.status()).isEqualTo(Status.COMPLETED);
                    assertThat(context.getBean(Lifecycle.class).components()).contains("foundationWorkflowEngine");
                    // the engine stops before the event streams it may be triggered by
                    assertThat(context.getBean(Lifecycle.class).components())
                            .containsSubsequence("foundationEventStreams", "foundationWorkflowEngine");
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("foundation-"))
                .isEmpty());
    }

    @Test
    void eventStreams_areClosedWhenTheContextCloses() {
        CopyOnWriteArrayList<EventStreams> seen = new CopyOnWriteArrayList<>();
        runner.run(context -> {
            EventStreams streams = context.getBean(EventStreams.class);
            EventStream<String> stream = streams.create("s", StreamSpec.of(String.class));
            stream.subscribe("sub", SubscriberSpec.of(batch -> { }));
            seen.add(streams);
        });
        assertThatThrownBy(() -> seen.get(0).create("after", StreamSpec.of(String.class)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.cache.annotation.EnableCaching
    static class CachingConfig {
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        final EventStreams streams = EventStreams.builder().build();

        @Bean
        EventStreams myStreams() {
            return streams;
        }

        @Bean
        Coordination myCoordination() {
            return Coordination.local();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Definitions {
        @Bean
        WorkflowDefinition<String> greet() {
            return Workflow.define("greet", String.class).version(1)
                    .step("hello", ctx -> "hello " + ctx.input())
                    .build();
        }
    }
}
