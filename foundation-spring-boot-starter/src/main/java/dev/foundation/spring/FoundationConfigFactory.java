package dev.foundation.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.foundation.config.FoundationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Builds {@link FoundationConfig} records from Spring's {@code Environment}: every property under the record's
 * prefix, from every enumerable property source ({@code application.yml}/{@code .properties}, profiles,
 * environment variables in their relaxed form, system properties, command-line arguments), resolved with Spring's
 * precedence and placeholders, is passed to Foundation's binder, which converts and validates it (Jakarta
 * Validation) as it does for its own sources. The context's {@link MeterRegistry} is set.
 *
 * <pre>{@code
 * @Bean
 * ConfigHandle<ShopConfig> shopConfig(FoundationConfigFactory configs) {
 *     return configs.builder(ShopConfig.class, "shop").build();
 * }
 * }</pre>
 *
 * <p>What this gives and does not: the values are those of the {@code Environment} when the handle is built (a
 * validation failure fails the context's start); Foundation's hot reload applies to the files added to the returned
 * builder ({@code file(...)}, {@code watch(true)}), not to Spring's property sources, which Spring does not reload.
 * Keys may be camelCase or kebab-case (Foundation accepts both), but one key must not be given both ways, in Spring's
 * sources and the builder's files together (Foundation rejects {@code poolSize} beside {@code pool-size}). Only keys
 * some property source spells under the prefix are seen (an environment variable still overrides such a key, by
 * Spring's relaxed binding); a key that exists only as an environment variable is not, unless the builder's own
 * {@code environment()} source is added ({@code SHOP_POOL_SIZE -> shop.poolSize}, below the Spring values).
 */
public final class FoundationConfigFactory {

    private final ConfigurableEnvironment environment;
    private final MeterRegistry registry;

    /**
     * Creates a factory.
     *
     * @param environment the environment to read
     * @param registry    the registry to publish {@code foundation.config.*} metrics to, or {@code null}
     */
    public FoundationConfigFactory(ConfigurableEnvironment environment, MeterRegistry registry) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.registry = registry;
    }

    /**
     * A builder for a record bound under a prefix, with the environment's properties under that prefix (above
     * every other source of the builder) and the context's registry. Add files, then {@code build()}; the caller
     * owns the handle (declared as a {@code @Bean}, Spring closes it with the context).
     *
     * @param type   the configuration record
     * @param prefix its prefix, e.g. {@code "shop"}
     * @param <T>    the record type
     * @return the builder
     */
    public <T> FoundationConfig.Builder<T> builder(Class<T> type, String prefix) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank but was '" + prefix + "'");
        }
        FoundationConfig.Builder<T> builder = FoundationConfig.builder(type).prefix(prefix)
                .systemProperties(properties(prefix));
        if (registry != null) {
            builder.meterRegistry(registry);
        }
        return builder;
    }

    /**
     * The environment's properties under a prefix, each resolved by the environment (precedence, placeholders).
     *
     * @param prefix the prefix
     * @return key to value, in no particular order
     */
    public Map<String, String> properties(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                String key = normalize(name, prefix);
                if (key == null || result.containsKey(key)) {
                    continue;
                }
                String value = environment.getProperty(key);
                if (value == null) {
                    value = environment.getProperty(name);
                }
                if (value != null) {
                    result.put(key, value);
                }
            }
        }
        return result;
    }

    private static String normalize(String name, String prefix) {
        return name.startsWith(prefix + ".") || name.startsWith(prefix + "[") ? name : null;
    }
}
