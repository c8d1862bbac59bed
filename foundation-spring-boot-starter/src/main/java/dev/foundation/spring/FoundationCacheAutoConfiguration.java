package dev.foundation.spring;

import java.util.List;
import java.util.function.Function;

import dev.foundation.cache.L1;
import dev.foundation.cache.TieredCache;
import dev.foundation.cache.TieredCacheBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

/**
 * A Spring {@link CacheManager} over Foundation's {@link TieredCache}, when the application enabled caching
 * ({@code @EnableCaching}) and declared no {@code CacheManager} of its own. Its caches are the application's
 * {@code TieredCache} beans (under their names) and, for any other name, an in-memory (L1) {@code TieredCache} sized
 * by {@code foundation.cache.maximum-size} and {@code foundation.cache.expire-after-write}, with the context's
 * {@link MeterRegistry}. It runs before Spring Boot's own cache auto-configuration, which then backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({TieredCache.class, CacheManager.class})
@ConditionalOnBean(type = "org.springframework.cache.interceptor.CacheAspectSupport")
@ConditionalOnProperty(prefix = "foundation.cache", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FoundationProperties.class)
public class FoundationCacheAutoConfiguration {

    /** Created by Spring. */
    public FoundationCacheAutoConfiguration() {
    }

    /**
     * The cache manager.
     *
     * @param properties the properties
     * @param registry   the context's registry, if any
     * @param provided   the application's {@code TieredCache} beans
     * @return the cache manager
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CacheManager.class)
    public FoundationCacheManager cacheManager(FoundationProperties properties, ObjectProvider<MeterRegistry> registry,
                                               ObjectProvider<TieredCache<?, ?>> provided) {
        FoundationProperties.CacheProperties p = properties.getCache();
        MeterRegistry meters = registry.getIfUnique();
        Function<String, TieredCache<Object, Object>> factory = name -> {
            TieredCacheBuilder<Object, Object> builder = TieredCache.<Object, Object>builder(name)
                    .l1(L1.maximumSize(p.getMaximumSize()).expireAfterWrite(p.getExpireAfterWrite()));
            if (meters != null) {
                builder.meterRegistry(meters);
            }
            return builder.build();
        };
        List<TieredCache<?, ?>> beans = provided.orderedStream().toList();
        return new FoundationCacheManager(beans, factory, p.getCacheNames(), p.isDynamic(), p.isAllowNullValues());
    }
}
