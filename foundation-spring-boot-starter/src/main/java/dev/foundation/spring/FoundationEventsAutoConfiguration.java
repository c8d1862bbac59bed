package dev.foundation.spring;

import dev.foundation.events.EventStreams;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An {@link EventStreams} bean from {@code foundation.events.*}, with the context's {@link MeterRegistry}; closed
 * (draining its subscribers) with the context. An application's own {@code EventStreams} bean replaces it.
 */
@AutoConfiguration
@ConditionalOnClass(EventStreams.class)
@ConditionalOnProperty(prefix = "foundation.events", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FoundationProperties.class)
public class FoundationEventsAutoConfiguration {

    /** Created by Spring. */
    public FoundationEventsAutoConfiguration() {
    }

    /**
     * The event streams.
     *
     * @param properties the properties
     * @param registry   the context's registry, if any
     * @return the event streams
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EventStreams foundationEventStreams(FoundationProperties properties, ObjectProvider<MeterRegistry> registry) {
        EventStreams.Builder builder = EventStreams.builder()
                .drainTimeout(properties.getEvents().getDrainTimeout());
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        return builder.build();
    }
}
