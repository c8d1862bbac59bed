package dev.foundation.workflow;

import dev.foundation.workflow.spi.ClusterSignals;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Cluster mode: several engines (nodes) share one {@link dev.foundation.workflow.spi.LeasedStore} (the
 * PostgreSQL store of {@code foundation-workflow-postgres}), each
 * in-flight instance owned by one node through a lease in the store, every checkpoint fenced by the epoch of
 * that lease. Given to {@link WorkflowEngine.Builder#cluster(ClusterOptions)}.
 *
 * <p>A node claims runnable instances in batches ({@code FOR UPDATE SKIP LOCKED}), renews its leases every
 * {@link #renewInterval()}, and stops running an instance once it cannot have renewed it in time (a
 * {@link #lease()} after the last renewal that succeeded, minus one renewal interval of margin). A node that
 * dies leaves its instances to the others after its leases expire, or as soon as the {@link #signals() signals}
 * (Hazelcast) report it gone and it has not renewed for two renewal intervals (a node merely cut off from the others by a
 * partition keeps renewing, and keeps its instances). All nodes of a cluster should use the same lease and
 * renewal settings. New instances are run by the node that starts them while it is below
 * {@link #maxInstances()}; beyond that (and always with {@code maxInstances(0)}: a node that only starts
 * workflows) they are stored unowned for any node to claim. With {@link ClusterSignals} (Hazelcast), nodes
 * wake each other when work appears or a member leaves; polling every {@link #claimInterval()} remains the
 * fallback and is all a cluster without them needs.
 *
 * <pre>{@code
 * ClusterOptions.builder().signals(HazelcastClusterSignals.of(hz)).lease(Duration.ofSeconds(30)).build()
 * }</pre>
 */
public final class ClusterOptions {

    /** The default lease length. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** The default polling interval for claimable instances. */
    public static final Duration DEFAULT_CLAIM_INTERVAL = Duration.ofSeconds(1);
    /** The default number of instances claimed at once. */
    public static final int DEFAULT_CLAIM_BATCH = 32;
    /** The default maximum number of instances one node runs at once. */
    public static final int DEFAULT_MAX_INSTANCES = 1000;

    private final String nodeId;
    private final Duration lease;
    private final Duration renewInterval;
    private final Duration claimInterval;
    private final int claimBatch;
    private final int maxInstances;
    private final ClusterSignals signals;
    private final Duration handOffTimersBeyond;

    private ClusterOptions(Builder b) {
        this.signals = b.signals;
        this.nodeId = b.nodeId != null ? b.nodeId
                : signals != null ? signals.localNodeId().orElseGet(() -> UUID.randomUUID().toString())
                : UUID.randomUUID().toString();
        this.lease = b.lease;
        this.renewInterval = b.renewInterval != null ? b.renewInterval : b.lease.dividedBy(3);
        this.claimInterval = b.claimInterval;
        this.claimBatch = b.claimBatch;
        this.maxInstances = b.maxInstances;
        this.handOffTimersBeyond = b.handOffTimersBeyond != null ? b.handOffTimersBeyond : b.lease;
        if (renewInterval.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("renewInterval (" + renewInterval + ") must be at most half the lease ("
                    + lease + "), so that a lease is renewed at least twice before it runs out");
        }
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This node's id, written as the owner of the instances it runs: the signals' {@link
     * ClusterSignals#localNodeId() local id} when they have one (the Hazelcast member's UUID, so that a member
     * leaving ends its leases), else a random UUID.
     *
     * @return the node id
     */
    public String nodeId() {
        return nodeId;
    }

    /**
     * How long a claim or renewal holds an instance, measured by the database's clock.
     *
     * @return the lease length
     */
    public Duration lease() {
        return lease;
    }

    /**
     * How often the node renews its leases (default a third of the lease).
     *
     * @return the renewal interval
     */
    public Duration renewInterval() {
        return renewInterval;
    }

    /**
     * How often the node looks for claimable instances when nothing wakes it.
     *
     * @return the polling interval
     */
    public Duration claimInterval() {
        return claimInterval;
    }

    /**
     * How many instances one claim takes at most.
     *
     * @return the batch size
     */
    public int claimBatch() {
        return claimBatch;
    }

    /**
     * How many instances this node runs at most; {@code 0} makes a node that only starts instances.
     *
     * @return the maximum
     */
    public int maxInstances() {
        return maxInstances;
    }

    /**
     * An instance that waits only for a timer (a retry's backoff, a compensation's) due further ahead than
     * this is handed back to the store, unowned until the timer is due, so that any node runs it then
     * (default: the lease).
     *
     * @return the threshold
     */
    public Duration handOffTimersBeyond() {
        return handOffTimersBeyond;
    }

    /**
     * How nodes wake each other and learn of nodes leaving, if configured.
     *
     * @return the signals
     */
    public Optional<ClusterSignals> signals() {
        return Optional.ofNullable(signals);
    }

    @Override
    public String toString() {
        return "ClusterOptions[node=" + nodeId + ", lease=" + lease + ", renew=" + renewInterval + ", claim="
                + claimInterval + " x" + claimBatch + ", max=" + maxInstances + ", handOffTimersBeyond="
                + handOffTimersBeyond + ", signals=" + signals + "]";
    }

    /** Builds {@link ClusterOptions}. */
    public static final class Builder {
        private String nodeId;
        private Duration lease = DEFAULT_LEASE;
        private Duration renewInterval;
        private Duration claimInterval = DEFAULT_CLAIM_INTERVAL;
        private int claimBatch = DEFAULT_CLAIM_BATCH;
        private int maxInstances = DEFAULT_MAX_INSTANCES;
        private ClusterSignals signals;
        private Duration handOffTimersBeyond;

        private Builder() {
        }

        /**
         * This node's id (default: the signals' local node id, e.g. the Hazelcast member UUID, or a
         * random UUID). Must be unique among live
         * nodes; a restarted process should use a new one.
         *
         * @param value the id, not blank
         * @return this
         * @throws IllegalArgumentException if blank
         */
        public Builder nodeId(String value) {
            Objects.requireNonNull(value, "nodeId");
            if (value.isBlank()) {
                throw new IllegalArgumentException("nodeId must not be blank");
            }
            this.nodeId = value;
            return this;
        }

        /**
         * The lease length (default 30 s): how long other nodes wait before taking over the instances of a
         * node that stopped renewing without the signals reporting it gone.
         *
         * @param value at least 100 ms
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder lease(Duration value) {
            this.lease = atLeast(value, Duration.ofMillis(100), "lease");
            return this;
        }

        /**
         * How often leases are renewed (default a third of the lease); at most half the lease.
         *
         * @param value at least 10 ms
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder renewInterval(Duration value) {
            this.renewInterval = atLeast(value, Duration.ofMillis(10), "renewInterval");
            return this;
        }

        /**
         * How often the store is polled for claimable instances (default 1 s).
         *
         * @param value at least 10 ms
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder claimInterval(Duration value) {
            this.claimInterval = atLeast(value, Duration.ofMillis(10), "claimInterval");
            return this;
        }

        /**
         * How many instances one claim takes at most (default 32).
         *
         * @param value {@code >= 1}
         * @return this
         * @throws IllegalArgumentException if {@code < 1}
         */
        public Builder claimBatch(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("claimBatch must be >= 1 but was " + value);
            }
            this.claimBatch = value;
            return this;
        }

        /**
         * How many instances this node runs at once at most (default 1000); {@code 0}: the node only starts
         * instances and queries, other nodes run them.
         *
         * @param value {@code >= 0}
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder maxInstances(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxInstances must be >= 0 but was " + value);
            }
            this.maxInstances = value;
            return this;
        }

        /**
         * How nodes wake each other (instances to claim) and learn of nodes leaving (their leases end at once),
         * for example {@code HazelcastClusterSignals.of(hz)} from {@code foundation-workflow-postgres}. Optional:
         * without it nodes poll every {@link #claimInterval(Duration)} and wait for leases to expire.
         *
         * @param value the signals
         * @return this
         */
        public Builder signals(ClusterSignals value) {
            this.signals = Objects.requireNonNull(value, "signals");
            return this;
        }

        /**
         * Instances waiting only for a timer due further ahead than this are handed back to the store until it
         * is due, so any node picks them up then (default: the lease length).
         *
         * @param value at least 100 ms
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder handOffTimersBeyond(Duration value) {
            this.handOffTimersBeyond = atLeast(value, Duration.ofMillis(100), "handOffTimersBeyond");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the renewal interval exceeds half the lease
         */
        public ClusterOptions build() {
            return new ClusterOptions(this);
        }

        private static Duration atLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
            }
            return value;
        }
    }
}
