/**
 * Spring Boot 4 auto-configuration of Foundation: each module on the class path is configured from
 * {@code foundation.*} properties ({@link dev.foundation.spring.FoundationProperties}) with the context's
 * {@code MeterRegistry}; the Foundation {@code Lifecycle} is driven by Spring's {@code SmartLifecycle}
 * ({@link dev.foundation.spring.FoundationSmartLifecycle}) and reported by a
 * {@link dev.foundation.spring.FoundationHealthIndicator}; {@code @Cacheable} works over {@code TieredCache}
 * ({@link dev.foundation.spring.FoundationCacheManager}); configuration records bind from Spring's
 * {@code Environment} ({@link dev.foundation.spring.FoundationConfigFactory}). Every bean backs off when the
 * application declares its own.
 */
package dev.foundation.spring;
