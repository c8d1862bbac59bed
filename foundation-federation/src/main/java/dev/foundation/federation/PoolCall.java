package dev.foundation.federation;

/**
 * The work a federation runs against the resource of the pool it picked.
 *
 * @param <R> the resource type
 * @param <T> the result type
 */
@FunctionalInterface
public interface PoolCall<R, T> {

    /**
     * Runs the work.
     *
     * @param resource the picked pool's resource
     * @return the result
     * @throws Exception a failure of this attempt: counted against the pool and, for an idempotent call,
     *                   retried on another pool
     */
    T call(R resource) throws Exception;
}
