package dev.foundation.coordination;

/**
 * The work done for one {@link WorkUnit}. On the Hazelcast backend the function does not travel: every member
 * that should run units registers the same function under the task name with
 * {@link Coordination#registerWork(String, WorkFunction)}, and only the unit travels.
 *
 * @param <T> the payload type
 * @param <R> the result type (on Hazelcast: something Hazelcast serializes)
 */
@FunctionalInterface
public interface WorkFunction<T, R> {

    /**
     * Does the unit's work. May run more than once for the same unit id if a member dies; make its effect
     * idempotent by the unit id.
     *
     * @param unit the unit
     * @return the unit's result, not {@code null}
     * @throws Exception any failure, reported as the unit's error
     */
    R apply(WorkUnit<T> unit) throws Exception;
}
