package dev.foundation.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.foundation.lifecycle.Component;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.LifecycleBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * A Foundation {@link Lifecycle} driven by Spring's {@code SmartLifecycle} ({@link FoundationSmartLifecycle}),
 * and, when Spring Boot's health support ({@code spring-boot-health}, part of Actuator) is on the class path, a
 * {@link FoundationHealthIndicator} named {@code foundation}. No probe server is started: Actuator serves health.
 *
 * <p>Its components, named by bean name: the context's Foundation beans ({@code Coordination}, {@code EventStreams},
 * {@code WorkflowEngine} (after the first two), {@code TieredCache} beans and the {@link FoundationCacheManager}
 * (after coordination)), which are already open and which it closes on stop; then every {@link Component} bean
 * of the application, each depending on all the Foundation beans so that it starts after and stops before them;
 * then what the {@link LifecycleCustomizer} beans add. Settings: {@code foundation.lifecycle.*}; the context's
 * {@link MeterRegistry}. An application's own {@code Lifecycle} bean replaces the one built here and is driven the
 * same way.
 */
@AutoConfiguration(after = {FoundationEventsAutoConfiguration.class, FoundationCoordinationAutoConfiguration.class,
        FoundationWorkflowAutoConfiguration.class, FoundationCacheAutoConfiguration.class})
@ConditionalOnClass(Lifecycle.class)
@ConditionalOnProperty(prefix = "foundation.lifecycle", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FoundationProperties.class)
@Import(FoundationLifecycleAutoConfiguration.HealthConfiguration.class)
public class FoundationLifecycleAutoConfiguration {

    /** Foundation bean types the lifecycle stops, by class name (each module is optional), and what they follow. */
    private static final String COORDINATION = "dev.foundation.coordination.Coordination";
    private static final String EVENTS = "dev.foundation.events.EventStreams";
    private static final String WORKFLOW = "dev.foundation.workflow.WorkflowEngine";
    private static final String TIERED_CACHE = "dev.foundation.cache.TieredCache";
    private static final String CACHE_MANAGER = "dev.foundation.spring.FoundationCacheManager";

    /** Created by Spring. */
    public FoundationLifecycleAutoConfiguration() {
    }

    /**
     * The lifecycle (not started: {@link FoundationSmartLifecycle} starts it).
     *
     * @param properties  the properties
     * @param beans       the context's beans
     * @param registry    the context's registry, if any
     * @param customizers the application's customizers
     * @return the lifecycle
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Lifecycle foundationLifecycle(FoundationProperties properties, ListableBeanFactory beans,
                                        ObjectProvider<MeterRegistry> registry,
                                        ObjectProvider<LifecycleCustomizer> customizers) {
        FoundationProperties.LifecycleProperties p = properties.getLifecycle();
        LifecycleBuilder builder = Lifecycle.builder()
                .shutdownBudget(p.getShutdownBudget())
                .drainDelay(p.getDrainDelay());
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        List<String> coordination = add(builder, beans, COORDINATION, List.of());
        List<String> events = add(builder, beans, EVENTS, List.of());
        List<String> before = new ArrayList<>(coordination);
        before.addAll(events);
        List<String> foundation = new ArrayList<>(before);
        foundation.addAll(add(builder, beans, WORKFLOW, before));
        foundation.addAll(add(builder, beans, TIERED_CACHE, coordination));
        foundation.addAll(add(builder, beans, CACHE_MANAGER, coordination));
        String[] dependencies = foundation.toArray(String[]::new);
        for (Map.Entry<String, Component> component : beans.getBeansOfType(Component.class, false, true).entrySet()) {
            builder.component(component.getKey(), component.getValue(), o -> o.dependsOn(dependencies));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static List<String> add(LifecycleBuilder builder, ListableBeanFactory beans, String type,
                                    List<String> dependsOn) {
        ClassLoader loader = FoundationLifecycleAutoConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent(type, loader) || !ClassUtils.isPresent(TIERED_CACHE, loader) && type.equals(CACHE_MANAGER)) {
            return List.of();
        }
        Class<?> cls = ClassUtils.resolveClassName(type, loader);
        Map<String, Object> found = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForType(cls, false, true)) {
            found.put(name, beans.getBean(name));
        }
        String[] after = dependsOn.toArray(String[]::new);
        for (Map.Entry<String, Object> bean : found.entrySet()) {
            builder.component(bean.getKey(), (AutoCloseable) bean.getValue(), o -> o.dependsOn(after));
        }
        return List.copyOf(found.keySet());
    }

    /**
     * Drives the lifecycle from Spring's.
     *
     * @param lifecycle  the lifecycle
     * @param properties the properties
     * @return the adapter
     */
    @Bean
    @ConditionalOnMissingBean
    public FoundationSmartLifecycle foundationSmartLifecycle(Lifecycle lifecycle, FoundationProperties properties) {
        return new FoundationSmartLifecycle(lifecycle, properties.getLifecycle().getPhase());
    }

    /** The health indicator, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "foundationHealthIndicator")
        FoundationHealthIndicator foundationHealthIndicator(Lifecycle lifecycle) {
            return new FoundationHealthIndicator(lifecycle);
        }
    }
}
