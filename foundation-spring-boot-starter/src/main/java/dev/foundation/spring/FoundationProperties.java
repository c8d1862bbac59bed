package dev.foundation.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.SmartLifecycle;

/**
 * The {@code foundation.*} properties the starter binds (from {@code application.yml}, the environment,
 * command-line arguments: every source Spring's {@code Environment} has).
 *
 * <pre>{@code
 * foundation:
 *   lifecycle:
 *     shutdown-budget: 20s
 *   events:
 *     drain-timeout: 5s
 *   workflow:
 *     sqlite-file: ./data/workflows.db
 *   coordination:
 *     backend: local
 *   cache:
 *     maximum-size: 10000
 *     expire-after-write: 10m
 * }</pre>
 *
 * <p>Each group has {@code enabled} (default {@code true}); a module whose classes are not on the class
 * path is not configured whatever its properties say.
 */
@ConfigurationProperties("foundation")
public class FoundationProperties {

    private final LifecycleProperties lifecycle = new LifecycleProperties();
    private final EventsProperties events = new EventsProperties();
    private final WorkflowProperties workflow = new WorkflowProperties();
    private final CoordinationProperties coordination = new CoordinationProperties();
    private final CacheProperties cache = new CacheProperties();

    /** Creates the properties with their defaults. */
    public FoundationProperties() {
    }

    /** @return {@code foundation.lifecycle.*} */
    public LifecycleProperties getLifecycle() {
        return lifecycle;
    }

    /** @return {@code foundation.events.*} */
    public EventsProperties getEvents() {
        return events;
    }

    /** @return {@code foundation.workflow.*} */
    public WorkflowProperties getWorkflow() {
        return workflow;
    }

    /** @return {@code foundation.coordination.*} */
    public CoordinationProperties getCoordination() {
        return coordination;
    }

    /** @return {@code foundation.cache.*} */
    public CacheProperties getCache() {
        return cache;
    }

    static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + value);
        }
        return value;
    }

    /** {@code foundation.lifecycle.*}: the Foundation {@code Lifecycle} driven by Spring's {@code SmartLifecycle}. */
    public static class LifecycleProperties {
        /** The default phase: below Spring Boot's web server phases, so Foundation starts before and stops after it. */
        public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

        private boolean enabled = true;
        private int phase = DEFAULT_PHASE;
        private Duration shutdownBudget = Duration.ofSeconds(25);
        private Duration drainDelay = Duration.ZERO;

        /** Creates the defaults. */
        public LifecycleProperties() {
        }

        /** @return whether the starter builds and drives a Foundation {@code Lifecycle} (default true) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the starter builds and drives a Foundation {@code Lifecycle} */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the {@code SmartLifecycle} phase (default {@link #DEFAULT_PHASE}) */
        public int getPhase() {
            return phase;
        }

        /** @param phase the {@code SmartLifecycle} phase: lower starts earlier and stops later */
        public void setPhase(int phase) {
            this.phase = phase;
        }

        /**
         * @return the whole graceful stop's budget (default 25 s, below Spring Boot's default 30 s
         *         {@code spring.lifecycle.timeout-per-shutdown-phase})
         */
        public Duration getShutdownBudget() {
            return shutdownBudget;
        }

        /** @param shutdownBudget the whole graceful stop's budget, > 0 */
        public void setShutdownBudget(Duration shutdownBudget) {
            this.shutdownBudget = positive("foundation.lifecycle.shutdown-budget", shutdownBudget);
        }

        /** @return how long readiness is down before the stop begins (default 0) */
        public Duration getDrainDelay() {
            return drainDelay;
        }

        /** @param drainDelay how long readiness is down before the stop begins, >= 0 */
        public void setDrainDelay(Duration drainDelay) {
            if (drainDelay == null || drainDelay.isNegative()) {
                throw new IllegalArgumentException("foundation.lifecycle.drain-delay must be >= 0 but was " + drainDelay);
            }
            this.drainDelay = drainDelay;
        }
    }

    /** {@code foundation.events.*}: the {@code EventStreams} bean. */
    public static class EventsProperties {
        private boolean enabled = true;
        private Duration drainTimeout = Duration.ofSeconds(10);

        /** Creates the defaults. */
        public EventsProperties() {
        }

        /** @return whether an {@code EventStreams} bean is created (default true) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether an {@code EventStreams} bean is created */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return how long close waits for subscribers to drain (default 10 s) */
        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        /** @param drainTimeout how long close waits for subscribers to drain, >= 0 */
        public void setDrainTimeout(Duration drainTimeout) {
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw new IllegalArgumentException("foundation.events.drain-timeout must be >= 0 but was " + drainTimeout);
            }
            this.drainTimeout = drainTimeout;
        }
    }

    /** {@code foundation.workflow.*}: the {@code WorkflowEngine} bean. */
    public static class WorkflowProperties {
        private boolean enabled = true;
        private Path sqliteFile;
        private int parallelism = 16;
        private Duration timerPollInterval = Duration.ofMillis(50);

        /** Creates the defaults. */
        public WorkflowProperties() {
        }

        /** @return whether a {@code WorkflowEngine} bean is created when there is a store (default true) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether a {@code WorkflowEngine} bean is created when there is a store */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the embedded SQLite store's file; without it (and without a {@code WorkflowStore} bean) no
         *         engine is created
         */
        public Path getSqliteFile() {
            return sqliteFile;
        }

        /** @param sqliteFile the embedded SQLite store's file */
        public void setSqliteFile(Path sqliteFile) {
            this.sqliteFile = sqliteFile;
        }

        /** @return how many steps run at once (default 16) */
        public int getParallelism() {
            return parallelism;
        }

        /** @param parallelism how many steps run at once, >= 1 */
        public void setParallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("foundation.workflow.parallelism must be >= 1 but was " + parallelism);
            }
            this.parallelism = parallelism;
        }

        /** @return how often due timers are polled (default 50 ms) */
        public Duration getTimerPollInterval() {
            return timerPollInterval;
        }

        /** @param timerPollInterval how often due timers are polled, > 0 */
        public void setTimerPollInterval(Duration timerPollInterval) {
            this.timerPollInterval = positive("foundation.workflow.timer-poll-interval", timerPollInterval);
        }
    }

    /** Where coordination happens. */
    public enum CoordinationBackend {
        /** In this JVM only. */
        LOCAL,
        /** Over the context's {@code HazelcastInstance} bean. */
        HAZELCAST
    }

    /** {@code foundation.coordination.*}: the {@code Coordination} bean. */
    public static class CoordinationProperties {
        private boolean enabled = true;
        private CoordinationBackend backend = CoordinationBackend.LOCAL;
        private Duration leaderLease = Duration.ofSeconds(10);
        private int minimumClusterSize = 1;
        private Duration operationTimeout = Duration.ofSeconds(10);

        /** Creates the defaults. */
        public CoordinationProperties() {
        }

        /** @return whether a {@code Coordination} bean is created (default true) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether a {@code Coordination} bean is created */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return {@code local} (default) or {@code hazelcast} (needs a {@code HazelcastInstance} bean) */
        public CoordinationBackend getBackend() {
            return backend;
        }

        /** @param backend {@code local} or {@code hazelcast} */
        public void setBackend(CoordinationBackend backend) {
            this.backend = backend;
        }

        /** @return the leader lease (default 10 s) */
        public Duration getLeaderLease() {
            return leaderLease;
        }

        /** @param leaderLease the leader lease */
        public void setLeaderLease(Duration leaderLease) {
            this.leaderLease = leaderLease;
        }

        /** @return the smallest cluster that may take locks and leadership (default 1) */
        public int getMinimumClusterSize() {
            return minimumClusterSize;
        }

        /** @param minimumClusterSize the smallest cluster that may take locks and leadership */
        public void setMinimumClusterSize(int minimumClusterSize) {
            this.minimumClusterSize = minimumClusterSize;
        }

        /** @return the timeout of one cluster operation (default 10 s) */
        public Duration getOperationTimeout() {
            return operationTimeout;
        }

        /** @param operationTimeout the timeout of one cluster operation */
        public void setOperationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
        }
    }

    /** {@code foundation.cache.*}: the Spring {@code CacheManager} over {@code TieredCache}. */
    public static class CacheProperties {
        private boolean enabled = true;
        private List<String> cacheNames = new ArrayList<>();
        private boolean dynamic = true;
        private long maximumSize = 10_000;
        private Duration expireAfterWrite = Duration.ofMinutes(10);
        private boolean allowNullValues = true;

        /** Creates the defaults. */
        public CacheProperties() {
        }

        /** @return whether the {@code CacheManager} is created when caching is enabled (default true) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the {@code CacheManager} is created when caching is enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return caches created at start-up (besides {@code TieredCache} beans) */
        public List<String> getCacheNames() {
            return cacheNames;
        }

        /** @param cacheNames caches created at start-up */
        public void setCacheNames(List<String> cacheNames) {
            this.cacheNames = cacheNames == null ? new ArrayList<>() : new ArrayList<>(cacheNames);
        }

        /** @return whether an unknown cache name creates a cache on first use (default true) */
        public boolean isDynamic() {
            return dynamic;
        }

        /** @param dynamic whether an unknown cache name creates a cache on first use */
        public void setDynamic(boolean dynamic) {
            this.dynamic = dynamic;
        }

        /** @return the L1 size of each created cache (default 10,000 entries) */
        public long getMaximumSize() {
            return maximumSize;
        }

        /** @param maximumSize the L1 size of each created cache, > 0 */
        public void setMaximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("foundation.cache.maximum-size must be > 0 but was " + maximumSize);
            }
            this.maximumSize = maximumSize;
        }

        /** @return the expiry of each created cache (default 10 min) */
        public Duration getExpireAfterWrite() {
            return expireAfterWrite;
        }

        /** @param expireAfterWrite the expiry of each created cache, > 0 */
        public void setExpireAfterWrite(Duration expireAfterWrite) {
            this.expireAfterWrite = positive("foundation.cache.expire-after-write", expireAfterWrite);
        }

        /** @return whether created caches store {@code null} results (default true, as Spring's caches do) */
        public boolean isAllowNullValues() {
            return allowNullValues;
        }

        /** @param allowNullValues whether created caches store {@code null} results */
        public void setAllowNullValues(boolean allowNullValues) {
            this.allowNullValues = allowNullValues;
        }
    }
}
