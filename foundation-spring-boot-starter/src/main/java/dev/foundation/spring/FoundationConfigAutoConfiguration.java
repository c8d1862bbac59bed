package dev.foundation.spring;

import dev.foundation.config.FoundationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/** A {@link FoundationConfigFactory} bean, which builds {@link FoundationConfig} records from Spring's Environment. */
@AutoConfiguration
@ConditionalOnClass(FoundationConfig.class)
public class FoundationConfigAutoConfiguration {

    /** Created by Spring. */
    public FoundationConfigAutoConfiguration() {
    }

    /**
     * The factory.
     *
     * @param environment the environment
     * @param registry    the context's registry, if any
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean
    public FoundationConfigFactory foundationConfigFactory(ConfigurableEnvironment environment,
                                                           ObjectProvider<MeterRegistry> registry) {
        return new FoundationConfigFactory(environment, registry.getIfUnique());
    }
}
