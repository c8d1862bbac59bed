package dev.foundation.spring;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link Coordination} bean from {@code foundation.coordination.*}: the local backend by default, or
 * {@code backend: hazelcast} over the context's {@link HazelcastInstance} bean (which the application or Spring
 * Boot's Hazelcast auto-configuration provides; closing Coordination does not shut it down). Closed with the
 * context. An application's own {@code Coordination} bean replaces it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass(Coordination.class)
@ConditionalOnProperty(prefix = "foundation.coordination", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FoundationProperties.class)
public class FoundationCoordinationAutoConfiguration {

    /** Created by Spring. */
    public FoundationCoordinationAutoConfiguration() {
    }

    /**
     * The coordination service.
     *
     * @param properties the properties
     * @param registry   the context's registry, if any
     * @param hazelcast  the context's Hazelcast instance, needed by the {@code hazelcast} backend
     * @return the coordination service
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Coordination foundationCoordination(FoundationProperties properties, ObjectProvider<MeterRegistry> registry,
                                               ObjectProvider<HazelcastInstance> hazelcast) {
        FoundationProperties.CoordinationProperties p = properties.getCoordination();
        CoordinationConfig.Builder config = CoordinationConfig.custom()
                .leaderLease(p.getLeaderLease())
                .minimumClusterSize(p.getMinimumClusterSize())
                .operationTimeout(p.getOperationTimeout());
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
            config.meterRegistry(meters);
        }
        if (p.getBackend() == FoundationProperties.CoordinationBackend.HAZELCAST) {
            HazelcastInstance instance = hazelcast.getIfUnique();
            if (instance == null) {
                throw new IllegalStateException("foundation.coordination.backend=hazelcast needs exactly one "
                        + "HazelcastInstance bean but the context has none or several; declare one (or use "
                        + "Spring Boot's Hazelcast auto-configuration), or set foundation.coordination.backend=local");
            }
            return Coordination.hazelcast(instance, config.build());
        }
        return Coordination.local(config.build());
    }
}
