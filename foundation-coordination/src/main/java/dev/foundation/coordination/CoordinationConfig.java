package dev.foundation.coordination;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link Coordination}. Start from {@link #defaults()} or {@link #custom()}; every setter
 * of the {@link Builder} checks its argument at once.
 */
public final class CoordinationConfig {

    /** Default {@link #leaderLease()}: 10 seconds. */
    public static final Duration DEFAULT_LEADER_LEASE = Duration.ofSeconds(10);
    /** Default {@link #clockDriftRate()}: 10 % of a lease is kept as safety margin. */
    public static final double DEFAULT_CLOCK_DRIFT_RATE = 0.1;
    /** Default {@link #minimumClusterSize()}: 1 (no split-brain protection). */
    public static final int DEFAULT_MINIMUM_CLUSTER_SIZE = 1;
    /** Default {@link #unitTimeout()}: 60 seconds. */
    public static final Duration DEFAULT_UNIT_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #maxUnitAttempts()}: 3. */
    public static final int DEFAULT_MAX_UNIT_ATTEMPTS = 3;
    /** Default {@link #operationTimeout()}: 10 seconds. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The longest duration accepted anywhere in this module (leases, waits, timeouts): 100 years, so that
     * deadlines kept in nanoseconds cannot overflow. Longer ones are rejected with {@link IllegalArgumentException}.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private static final CoordinationConfig DEFAULTS = custom().build();

    private final Duration leaderLease;
    private final double clockDriftRate;
    private final int minimumClusterSize;
    private final boolean releaseOnMemberLoss;
    private final Duration unitTimeout;
    private final int maxUnitAttempts;
    private final Duration operationTimeout;
    private final MeterRegistry meterRegistry;
    private final Clock clock;

    private CoordinationConfig(Builder b) {
        this.leaderLease = b.leaderLease;
        this.clockDriftRate = b.clockDriftRate;
        this.minimumClusterSize = b.minimumClusterSize;
        this.releaseOnMemberLoss = b.releaseOnMemberLoss;
        this.unitTimeout = b.unitTimeout;
        this.maxUnitAttempts = b.maxUnitAttempts;
        this.operationTimeout = b.operationTimeout;
        this.meterRegistry = b.meterRegistry;
        this.clock = b.clock;
    }

    /**
     * The default settings.
     *
     * @return the defaults
     */
    public static CoordinationConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.leaderLease = leaderLease;
        b.clockDriftRate = clockDriftRate;
        b.minimumClusterSize = minimumClusterSize;
        b.releaseOnMemberLoss = releaseOnMemberLoss;
        b.unitTimeout = unitTimeout;
        b.maxUnitAttempts = maxUnitAttempts;
        b.operationTimeout = operationTimeout;
        b.meterRegistry = meterRegistry;
        b.clock = clock;
        return b;
    }

    /**
     * How long a leadership term lasts without renewal; the leader renews at a third of it.
     *
     * @return the leader lease
     */
    public Duration leaderLease() {
        return leaderLease;
    }

    /**
     * The fraction of every lease a holder keeps as safety margin against clock drift: it treats its lease (or
     * term) as lost at {@code (1 - rate) * lease} after the start of its last successful renewal, before the
     * store can let it expire.
     *
     * @return the drift rate, in [0, 0.5)
     */
    public double clockDriftRate() {
        return clockDriftRate;
    }

    /**
     * The smallest cluster (members this member can see) that may grant locks, terms or counter updates. Set it
     * to a majority ({@code n / 2 + 1}) so a minority side of a partition refuses with
     * {@link ClusterBelowMinimumSizeException}. Only the Hazelcast backend uses it.
     *
     * @return the minimum cluster size
     */
    public int minimumClusterSize() {
        return minimumClusterSize;
    }

    /**
     * Whether locks and terms held by a member are released as soon as Hazelcast declares that member dead
     * ({@code true}: failover within the failure-detection time), rather than when their lease runs out
     * ({@code false}: failover within the lease, and a holder cut off by a partition always learns of its loss
     * before anyone else can be granted the lock).
     *
     * @return {@code true} to release on member loss
     */
    public boolean releaseOnMemberLoss() {
        return releaseOnMemberLoss;
    }

    /**
     * How long one attempt of one work unit may run before it is reported as timed out.
     *
     * @return the unit timeout
     */
    public Duration unitTimeout() {
        return unitTimeout;
    }

    /**
     * How many times a unit is submitted in total when the member running it dies.
     *
     * @return the maximum attempts per unit
     */
    public int maxUnitAttempts() {
        return maxUnitAttempts;
    }

    /**
     * How long one call to the cluster (a grant, renewal, release or counter update) may take before it fails.
     *
     * @return the operation timeout
     */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /**
     * The registry meters are registered in, if any.
     *
     * @return the meter registry, or empty for no metrics
     */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /**
     * The wall clock lease expiry is measured with. The local backend uses it directly; the Hazelcast backend
     * installs it on this member, where it is used for the leases whose partitions this member owns. Tests inject
     * a controllable clock to expire leases without sleeping.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    private static void checkMax(String name, Duration value) {
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION.toDays() + " days ("
                    + MAX_DURATION + ") but was " + value);
        }
    }

    /** Builds a {@link CoordinationConfig}; each setter validates its argument. */
    public static final class Builder {

        private Duration leaderLease = DEFAULT_LEADER_LEASE;
        private double clockDriftRate = DEFAULT_CLOCK_DRIFT_RATE;
        private int minimumClusterSize = DEFAULT_MINIMUM_CLUSTER_SIZE;
        private boolean releaseOnMemberLoss = true;
        private Duration unitTimeout = DEFAULT_UNIT_TIMEOUT;
        private int maxUnitAttempts = DEFAULT_MAX_UNIT_ATTEMPTS;
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets {@link CoordinationConfig#leaderLease()}.
         *
         * @param lease at least 30 ms
         * @return this builder
         */
        public Builder leaderLease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            checkMax("leaderLease", lease);
            if (lease.toMillis() < 30) {
                throw new IllegalArgumentException("leaderLease must be >= 30ms but was " + lease);
            }
            this.leaderLease = lease;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#clockDriftRate()}.
         *
         * @param rate in [0, 0.5)
         * @return this builder
         */
        public Builder clockDriftRate(double rate) {
            if (!(rate >= 0 && rate < 0.5)) {
                throw new IllegalArgumentException("clockDriftRate must be in [0, 0.5) but was " + rate);
            }
            this.clockDriftRate = rate;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#minimumClusterSize()}.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder minimumClusterSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("minimumClusterSize must be >= 1 but was " + size);
            }
            this.minimumClusterSize = size;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#releaseOnMemberLoss()}.
         *
         * @param release whether to release on member loss
         * @return this builder
         */
        public Builder releaseOnMemberLoss(boolean release) {
            this.releaseOnMemberLoss = release;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#unitTimeout()}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder unitTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            checkMax("unitTimeout", timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("unitTimeout must be > 0 but was " + timeout);
            }
            this.unitTimeout = timeout;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#maxUnitAttempts()}.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxUnitAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxUnitAttempts must be >= 1 but was " + attempts);
            }
            this.maxUnitAttempts = attempts;
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#operationTimeout()}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder operationTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            checkMax("operationTimeout", timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("operationTimeout must be > 0 but was " + timeout);
            }
            this.operationTimeout = timeout;
            return this;
        }

        /**
         * Sets the registry meters go to.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Sets {@link CoordinationConfig#clock()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the config
         */
        public CoordinationConfig build() {
            return new CoordinationConfig(this);
        }
    }
}
