package dev.foundation.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-identity rate limits: each identity (user, API key, tenant) gets its own Resilience4j {@link RateLimiter}
 * ({@code limitForPeriod} permits per {@code limitRefreshPeriod}), held in a Caffeine cache bounded by
 * {@code maxIdentities} and expiring after {@code expireAfterAccess} of disuse, so the registry never grows
 * with the number of identities ever seen. An evicted identity starts again with a full budget: keep
 * {@code expireAfterAccess} at least one refresh period (the default is ten minutes) and {@code maxIdentities}
 * above the number of identities active at once.
 *
 * <pre>{@code
 * IdentityRateLimiter limits = IdentityRateLimiter.builder()
 *     .limitForPeriod(100).limitRefreshPeriod(Duration.ofSeconds(1))
 *     .auditTo(trail).build();
 * if (!limits.tryAcquire("alice", "orders.read", "orders/42")) { ... 429 ... }
 * }</pre>
 *
 * <p>Every rejection is counted ({@code foundation.audit.ratelimit.rejections}) and, with a trail, recorded with
 * outcome {@link Outcome#RATE_LIMITED} (without waiting for durability). Thread-safe.
 */
public final class IdentityRateLimiter {

    /** Default permits per period. */
    public static final int DEFAULT_LIMIT_FOR_PERIOD = 50;
    /** Default refresh period. */
    public static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofSeconds(1);
    /** Default most identities tracked. */
    public static final long DEFAULT_MAX_IDENTITIES = 100_000;
    /** Default idle time before an identity's limiter is dropped. */
    public static final Duration DEFAULT_EXPIRE_AFTER_ACCESS = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(IdentityRateLimiter.class);

    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters;
    private final AuditTrail trail;
    private final Counter permitted;
    private final Counter rejected;

    private IdentityRateLimiter(Builder b) {
        this.config = RateLimiterConfig.custom().limitForPeriod(b.limitForPeriod).limitRefreshPeriod(b.refreshPeriod)
                .timeoutDuration(b.timeout).build();
        this.limiters = Caffeine.newBuilder().maximumSize(b.maxIdentities).expireAfterAccess(b.expireAfterAccess).build();
        this.trail = b.trail;
        MeterRegistry r = AccessAnomalyDetector.registry(b.registry);
        this.permitted = Counter.builder("foundation.audit.ratelimit.permits")
                .description("requests an identity rate limit let through").register(r);
        this.rejected = Counter.builder("foundation.audit.ratelimit.rejections")
                .description("requests an identity rate limit rejected").register(r);
        Gauge.builder("foundation.audit.ratelimit.identities", limiters, Cache::estimatedSize)
                .description("identities with a live rate limiter").register(r);
    }

    /**
     * A new builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes a permit for an identity, waiting up to the configured timeout (default: not at all). A rejection is
     * counted and audited.
     *
     * @param identity  the identity, not blank
     * @param operation what it attempts (for the audit record)
     * @param resource  on what (for the audit record)
     * @return {@code true} if permitted
     */
    public boolean tryAcquire(String identity, String operation, String resource) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resource, "resource");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank but was '" + identity + "'");
        }
        RateLimiter limiter = limiters.get(identity, id -> RateLimiter.of(id, config));
        if (limiter.acquirePermission()) {
            permitted.increment();
            return true;
        }
        rejected.increment();
        if (trail != null) {
            try {
                trail.record(identity, operation, resource, Outcome.RATE_LIMITED,
                        Map.of("limit", config.getLimitForPeriod() + "/" + config.getLimitRefreshPeriod()))
                        .whenComplete((x, e) -> {
                            if (e != null) {
                                LOG.warn("rate-limit rejection of '{}' could not be audited", identity, e);
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warn("rate-limit rejection of '{}' could not be audited", identity, e);
            }
        }
        return false;
    }

    /**
     * Runs an action within an identity's limit.
     *
     * @param identity  the identity
     * @param operation the operation
     * @param resource  the resource
     * @param action    the action
     * @param <T>       its result type
     * @return its result
     * @throws RateLimitedException if the identity is over its limit (the action did not run)
     */
    public <T> T execute(String identity, String operation, String resource, Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        if (!tryAcquire(identity, operation, resource)) {
            throw new RateLimitedException(identity, "identity '" + identity + "' exceeded its rate limit of "
                    + config.getLimitForPeriod() + " per " + config.getLimitRefreshPeriod() + " (" + operation + " on "
                    + resource + "): retry later");
        }
        return action.get();
    }

    /**
     * The number of identities with a live limiter (an estimate, as Caffeine evicts asynchronously).
     *
     * @return the count
     */
    public long trackedIdentities() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }

    /** Builds an {@link IdentityRateLimiter}. */
    public static final class Builder {
        private int limitForPeriod = DEFAULT_LIMIT_FOR_PERIOD;
        private Duration refreshPeriod = DEFAULT_REFRESH_PERIOD;
        private Duration timeout = Duration.ZERO;
        private long maxIdentities = DEFAULT_MAX_IDENTITIES;
        private Duration expireAfterAccess = DEFAULT_EXPIRE_AFTER_ACCESS;
        private AuditTrail trail;
        private MeterRegistry registry;

        private Builder() {
        }

        /**
         * Permits per period for each identity.
         *
         * @param permits {@code >= 1}
         * @return this builder
         */
        public Builder limitForPeriod(int permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("limitForPeriod must be >= 1 but was " + permits);
            }
            this.limitForPeriod = permits;
            return this;
        }

        /**
         * The period after which an identity's permits refill.
         *
         * @param period {@code >= 1 ns}
         * @return this builder
         */
        public Builder limitRefreshPeriod(Duration period) {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("limitRefreshPeriod must be > 0 but was " + period);
            }
            this.refreshPeriod = period;
            return this;
        }

        /**
         * How long {@code tryAcquire} may wait for a permit (default zero: answer at once).
         *
         * @param timeout {@code >= 0}
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be >= 0 but was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The most identities tracked at once (least recently used beyond it are dropped).
         *
         * @param max {@code >= 1}
         * @return this builder
         */
        public Builder maxIdentities(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxIdentities must be >= 1 but was " + max);
            }
            this.maxIdentities = max;
            return this;
        }

        /**
         * How long an unused identity's limiter is kept.
         *
         * @param idle {@code > 0}
         * @return this builder
         */
        public Builder expireAfterAccess(Duration idle) {
            Objects.requireNonNull(idle, "idle");
            if (idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("expireAfterAccess must be > 0 but was " + idle);
            }
            this.expireAfterAccess = idle;
            return this;
        }

        /**
         * Records every rejection in a trail.
         *
         * @param trail the trail
         * @return this builder
         */
        public Builder auditTo(AuditTrail trail) {
            this.trail = Objects.requireNonNull(trail, "trail");
            return this;
        }

        /**
         * Where to register meters (default: none).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the limiter.
         *
         * @return the limiter
         */
        public IdentityRateLimiter build() {
            return new IdentityRateLimiter(this);
        }
    }
}
