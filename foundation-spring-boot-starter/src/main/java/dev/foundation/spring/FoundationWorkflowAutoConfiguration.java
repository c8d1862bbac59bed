package dev.foundation.spring;

import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowStores;
import dev.foundation.workflow.spi.WorkflowStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * A {@link WorkflowEngine} bean over a {@link WorkflowStore}: the application's {@code WorkflowStore} bean, or the
 * embedded SQLite store at {@code foundation.workflow.sqlite-file}. Without either, no engine is created. Every
 * {@link WorkflowDefinition} bean is registered, then every {@link WorkflowEngineCustomizer} bean applied; the
 * context's {@link MeterRegistry} is used. The engine (and with it its store) is closed with the context. An
 * application's own {@code WorkflowEngine} bean replaces it.
 */
@AutoConfiguration(after = FoundationEventsAutoConfiguration.class)
@ConditionalOnClass(WorkflowEngine.class)
@ConditionalOnProperty(prefix = "foundation.workflow", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FoundationProperties.class)
@Conditional(FoundationWorkflowAutoConfiguration.StoreAvailable.class)
public class FoundationWorkflowAutoConfiguration {

    /** Created by Spring. */
    public FoundationWorkflowAutoConfiguration() {
    }

    /**
     * The embedded SQLite store at {@code foundation.workflow.sqlite-file}, unless the application has a store.
     *
     * @param properties the properties
     * @return the store (closed by the engine, and with the context)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "foundation.workflow", name = "sqlite-file")
    public WorkflowStore foundationWorkflowStore(FoundationProperties properties) {
        return WorkflowStores.sqlite(properties.getWorkflow().getSqliteFile());
    }

    /**
     * The engine.
     *
     * @param properties  the properties
     * @param store       the store
     * @param registry    the context's registry, if any
     * @param definitions the application's workflow definitions
     * @param customizers the application's customizers
     * @return the engine
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WorkflowEngine foundationWorkflowEngine(FoundationProperties properties, WorkflowStore store,
                                                   ObjectProvider<MeterRegistry> registry,
                                                   ObjectProvider<WorkflowDefinition<?>> definitions,
                                                   ObjectProvider<WorkflowEngineCustomizer> customizers) {
        FoundationProperties.WorkflowProperties p = properties.getWorkflow();
        WorkflowEngine.Builder builder = WorkflowEngine.builder()
                .store(store)
                .parallelism(p.getParallelism())
                .timerPollInterval(p.getTimerPollInterval());
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        definitions.orderedStream().forEach(builder::register);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** A store is configured: {@code foundation.workflow.sqlite-file} is set or the application has a store bean. */
    static final class StoreAvailable extends AnyNestedCondition {

        StoreAvailable() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "foundation.workflow", name = "sqlite-file")
        static final class SqliteFile {
        }

        @ConditionalOnBean(WorkflowStore.class)
        static final class StoreBean {
        }
    }
}
