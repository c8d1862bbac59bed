package dev.foundation.coordination.internal;

import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.EventualCounter;
import dev.foundation.coordination.UnitOutcome;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * What a backend (local or Hazelcast) supplies to the one {@link DefaultCoordination}: where leases and counters
 * are kept, whether this member is quorate, eventual counters and work distribution, and the translation of its
 * own failures. Locks, elections, the lease watchdog, linearizable counters' checks and the guard are written once,
 * in the coordination, over these.
 */
public interface Backend {

    /**
     * What the coordination offers its backend once it is built.
     */
    interface Host {

        /** Wakes lock waiters and candidates at once (a lock was released or a member died). */
        void nudge();

        /**
         * Ends every lease and term held through the coordination at once, listeners told.
         *
         * @param reason why
         */
        void relinquishAll(String reason);

        /**
         * The coordination's meters.
         *
         * @return the meters
         */
        Metrics metrics();

        /**
         * The prefix of the coordination's thread names, for the backend's own threads.
         *
         * @return the prefix
         */
        String threadPrefix();
    }

    /**
     * The backend's name, the {@code backend} tag of every meter.
     *
     * @return {@code local} or {@code hazelcast}
     */
    String name();

    /**
     * This participant's id; owner ids start with it followed by {@code ':'}.
     *
     * @return the id
     */
    String memberId();

    /**
     * Where leases are kept.
     *
     * @return the store
     */
    LeaseStore leaseStore();

    /**
     * Where linearizable counters are kept.
     *
     * @return the store
     * @throws IllegalStateException if this backend cannot keep them safe (the message says why)
     */
    CounterStore counterStore();

    /**
     * Called once by the coordination when it is built, before any other call.
     *
     * @param host what the coordination offers
     */
    void start(Host host);

    /**
     * Whether this member can currently confirm its minimum cluster size.
     *
     * @return {@code true} if quorate
     */
    default boolean quorumPresent() {
        return true;
    }

    /**
     * How long a stall of the process must be for {@link #paused(long)} to be called.
     *
     * @return nanoseconds, {@code Long.MAX_VALUE} for never
     */
    default long pauseThresholdNanos() {
        return Long.MAX_VALUE;
    }

    /**
     * The process stood still for {@code stalledNanos}; its cluster may have declared it dead meanwhile.
     *
     * @param stalledNanos how long
     */
    default void paused(long stalledNanos) {
        // nothing to have missed
    }

    /** The guard ran (every 100 ms), after checking for a stall: the process is running. */
    default void alive() {
        // nothing depends on it
    }

    /**
     * Translates a failure of this backend into the module's exception, or answers {@code null} if it has no
     * specific translation.
     *
     * @param failure the failure (causes unwrapped by the caller as needed)
     * @param what    what was attempted
     * @return the exception, or {@code null}
     */
    default CoordinationException translate(Throwable failure, String what) {
        return null;
    }

    /**
     * The eventually consistent counter of this name (name checked, coordination open).
     *
     * @param name the name
     * @return the counter
     */
    EventualCounter eventualCounter(String name);

    /**
     * Registers a work function (name checked, coordination open).
     *
     * @param taskName the task
     * @param function the function
     * @param <T>      the payload type
     * @param <R>      the result type
     */
    <T, R> void registerWork(String taskName, WorkFunction<T, R> function);

    /**
     * Runs the units and returns one outcome per unit, in unit order.
     *
     * @param taskName the task
     * @param units    the units (ids unique)
     * @param <T>      the payload type
     * @param <R>      the result type
     * @return the outcomes
     */
    <T, R> List<UnitOutcome<R>> runUnits(String taskName, List<WorkUnit<T>> units);

    /** Stops what the backend owns; called once, after the coordination released its leases and terms. */
    void close();

    /**
     * An eventual counter over a backend's own reads and updates.
     *
     * @param name      the counter's name
     * @param get       reads the current value
     * @param addAndGet adds a delta and returns the value after it
     * @return the counter
     */
    static EventualCounter eventualCounter(String name, LongSupplier get, LongUnaryOperator addAndGet) {
        return new EventualCounter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long get() {
                return get.getAsLong();
            }

            @Override
            public long addAndGet(long delta) {
                return addAndGet.applyAsLong(delta);
            }
        };
    }
}
