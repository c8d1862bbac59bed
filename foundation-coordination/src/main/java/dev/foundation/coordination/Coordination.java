package dev.foundation.coordination;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.internal.DefaultCoordination;
import dev.foundation.coordination.internal.hazelcast.HazelcastBackend;
import dev.foundation.coordination.internal.local.LocalBackend;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Entry point to Foundation coordination: fenced locks, leader election, counters and work distribution, with
 * the same behaviour on two backends.
 *
 * <ul>
 *   <li>{@link #local()}: one JVM, for tests and single-node applications; nothing leaves the process.</li>
 *   <li>{@link #hazelcast(HazelcastInstance, CoordinationConfig)}: every member of a Hazelcast cluster that
 *       creates one shares the same locks, elections and counters. Start members with
 *       {@link HazelcastMembers#embedded(EmbeddedMemberConfig)} for safe defaults.</li>
 * </ul>
 *
 * <p>A {@code Coordination} owns threads (a scheduler for renewals and an event thread for listeners):
 * {@link #close()} releases its locks and leaderships and stops them. It never shuts down the Hazelcast instance
 * it was given.
 */
public interface Coordination extends AutoCloseable {

    /**
     * A coordination inside this JVM only, with default settings.
     *
     * @return a new local coordination
     */
    static Coordination local() {
        return local(CoordinationConfig.defaults());
    }

    /**
     * A coordination inside this JVM only.
     *
     * @param config the settings
     * @return a new local coordination
     */
    static Coordination local(CoordinationConfig config) {
        Objects.requireNonNull(config, "config");
        return new DefaultCoordination(config, new LocalBackend(config));
    }

    /**
     * A coordination over a Hazelcast cluster, as this member (or client) of it. Every participant uses the maps
     * {@code foundation.coordination.*}; for split-brain protection their configuration must carry the minimum
     * cluster size, which {@link HazelcastMembers} sets up (see {@link HazelcastMembers#configure}).
     *
     * @param hazelcast the running Hazelcast instance (not shut down by {@link #close()})
     * @param config    the settings
     * @return a new coordination
     */
    static Coordination hazelcast(HazelcastInstance hazelcast, CoordinationConfig config) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(config, "config");
        return new DefaultCoordination(config, new HazelcastBackend(hazelcast, config));
    }

    /**
     * This participant's id: the Hazelcast member UUID (plus an instance number), or a random id locally.
     *
     * @return the member id
     */
    String memberId();

    /**
     * The lock of this name, with {@link LockOptions#defaults()}.
     *
     * @param name the lock name, not blank
     * @return the lock
     */
    default DistributedLock lock(String name) {
        return lock(name, LockOptions.defaults());
    }

    /**
     * The lock of this name.
     *
     * @param name    the lock name, not blank
     * @param options renewal and listener
     * @return the lock
     */
    DistributedLock lock(String name, LockOptions options);

    /**
     * Joins the election of this name as a new candidate. The candidate competes in the background until
     * {@link LeaderElection#close()}.
     *
     * @param name     the election name, not blank
     * @param listener told of terms won and lost
     * @return the candidacy
     */
    LeaderElection election(String name, LeadershipListener listener);

    /**
     * The linearizable counter of this name.
     *
     * <p>On the Hazelcast backend the member must keep {@code minimumClusterSize - 1} (at least 1) synchronous
     * backups of the counters' map and have {@code hazelcast.operation.fail.on.indeterminate.state} set, as
     * {@link HazelcastMembers#embedded} and {@link HazelcastMembers#configure} arrange; otherwise an increment could
     * be acknowledged and later lost, and this method refuses.
     *
     * @param name the counter name, not blank
     * @return the counter
     * @throws IllegalStateException if the member's settings cannot keep linearizable counters safe (the message
     *                               names what is missing)
     */
    Counter counter(String name);

    /**
     * The eventually consistent, high-throughput counter of this name.
     *
     * @param name the counter name, not blank
     * @return the counter
     */
    EventualCounter eventualCounter(String name);

    /**
     * Registers the function that runs units of {@code taskName} on this member. On the Hazelcast backend every
     * member that should take part registers the same function at start-up; a unit sent to a member without one
     * fails with a message saying so. Registering again replaces the function.
     *
     * @param taskName the task name
     * @param function the work
     * @param <T>      the payload type
     * @param <R>      the result type
     */
    <T, R> void registerWork(String taskName, WorkFunction<T, R> function);

    /**
     * Runs every unit across the members (each unit on the owner of its id's partition), resubmits units whose
     * member died (up to {@link CoordinationConfig#maxUnitAttempts()}), waits at most
     * {@link CoordinationConfig#unitTimeout()} per attempt, and reduces all outcomes. Registers
     * {@code function} on this member first (see {@link #registerWork}).
     *
     * @param taskName the task name
     * @param units    the units; ids must be unique
     * @param function the work, registered on this member under {@code taskName}
     * @param reducer  turns all outcomes into the answer
     * @param <T>      the payload type
     * @param <R>      the result type
     * @param <A>      the answer type
     * @return the reducer's answer
     * @throws IllegalArgumentException if two units share an id
     * @throws CoordinationInterruptedException if interrupted while waiting
     */
    <T, R, A> A distribute(String taskName, Collection<WorkUnit<T>> units, WorkFunction<T, R> function,
                           Function<WorkResults<R>, A> reducer);

    /** Releases held locks and leaderships and stops this coordination's threads; idempotent. */
    @Override
    void close();
}
