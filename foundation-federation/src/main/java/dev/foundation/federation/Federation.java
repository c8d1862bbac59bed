package dev.foundation.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named federation of pools of one resource type. Each call picks an available pool by the current
 * {@link Strategy} and runs against its resource, guarded by that pool's circuit breaker and bulkhead; an
 * idempotent call that fails is repeated on another pool. Membership, weights and the strategy change at runtime
 * without failing calls in flight. Thread-safe. Create one with {@link #builder(String)}.
 *
 * @param <R> the resource type
 */
public interface Federation<R> extends AutoCloseable {

    /**
     * Starts building a federation.
     *
     * @param name the federation's name (used in meters, logs and thread names), not blank
     * @param <R>  the resource type
     * @return a builder
     */
    static <R> FederationBuilder<R> builder(String name) {
        return new FederationBuilder<>(name);
    }

    /**
     * The federation's name.
     *
     * @return the name
     */
    String name();

    /**
     * Runs a call once, on the calling thread (or, with an attempt timeout, on the federation's thread while the
     * caller waits), on the pool the strategy picks. Same as {@code execute(CallOptions.defaults(), call)}.
     *
     * @param call the work
     * @param <T>  the result type
     * @return the call's result
     * @throws NoPoolAvailableException if no pool could take it (nothing ran)
     * @throws FederationCallException  if the attempt failed
     * @throws IllegalStateException    if the federation is closed
     */
    <T> T execute(PoolCall<? super R, T> call);

    /**
     * Runs a call with options: an idempotent call is repeated on another pool after a failure, up to
     * {@link FederationBuilder#maxAttempts} attempts, each on a pool not tried before by this call.
     *
     * @param options idempotency and caller locality
     * @param call    the work
     * @param <T>     the result type
     * @return the result of the first attempt that succeeds
     * @throws NoPoolAvailableException if no pool could take the first attempt (nothing ran)
     * @throws FederationCallException  if every attempt failed, or a failure was not worth retrying
     * @throws IllegalStateException    if the federation is closed
     */
    <T> T execute(CallOptions options, PoolCall<? super R, T> call);

    /**
     * {@link #execute(PoolCall)} on the federation's async executor.
     *
     * @param call the work
     * @param <T>  the result type
     * @return the result, or the exception {@code execute} would throw
     */
    <T> CompletableFuture<T> executeAsync(PoolCall<? super R, T> call);

    /**
     * {@link #execute(CallOptions, PoolCall)} on the federation's async executor.
     *
     * @param options idempotency and caller locality
     * @param call    the work
     * @param <T>     the result type
     * @return the result, or the exception {@code execute} would throw
     */
    <T> CompletableFuture<T> executeAsync(CallOptions options, PoolCall<? super R, T> call);

    /**
     * Adds a pool; it takes calls at once.
     *
     * @param pool the pool
     * @throws IllegalArgumentException if a member has the same name
     */
    void addPool(Pool<R> pool);

    /**
     * Stops giving new calls to a pool; calls running on it finish normally.
     *
     * @param name the pool's name
     * <p>The future is completed (by this call, the last call leaving the pool or {@link #resumePool}) with no
     * lock of the federation held, so its dependent actions may call back into the federation, or wait for
     * another thread that does.
     *
     * @return completes when no call runs on the pool any more; completes exceptionally with a
     *         {@link java.util.concurrent.CancellationException} if the pool is resumed first
     * @throws IllegalArgumentException if no member has that name
     */
    CompletableFuture<Void> drainPool(String name);

    /**
     * Makes a draining pool take calls again.
     *
     * @param name the pool's name
     * @throws IllegalArgumentException if no member has that name
     */
    void resumePool(String name);

    /**
     * Removes a pool: it takes no new call, calls running on it finish normally, and its meters are removed
     * once they have.
     *
     * @param name the pool's name
     * <p>As with {@link #drainPool}, the future is completed with no lock of the federation held.
     *
     * @return completes with the pool's resource when no call runs on it any more (for example to close it)
     * @throws IllegalArgumentException if no member has that name
     */
    CompletableFuture<R> removePool(String name);

    /**
     * Changes one pool's weight; the next selection uses it.
     *
     * @param name   the pool's name
     * @param weight 1 to {@value Pool#MAX_WEIGHT}
     * @throws IllegalArgumentException if no member has that name or the weight is out of range
     */
    void setWeight(String name, int weight);

    /**
     * Changes several weights at once (for example from a hot-reloaded configuration): every name and weight
     * is checked before any weight changes, so a bad entry changes nothing.
     *
     * @param weights pool name to weight
     * @throws IllegalArgumentException naming every unknown pool and out-of-range weight
     */
    void applyWeights(Map<String, Integer> weights);

    /**
     * Replaces the strategy; calls selecting from now on use it.
     *
     * @param strategy the new strategy (not shared with another federation)
     */
    void setStrategy(Strategy strategy);

    /**
     * The current strategy.
     *
     * @return the strategy
     */
    Strategy strategy();

    /**
     * Every member's health, in membership order.
     *
     * @return the pools' health
     */
    List<PoolHealth> pools();

    /**
     * One member's health.
     *
     * @param name the pool's name
     * @return its health, or empty when no member has that name
     */
    Optional<PoolHealth> pool(String name);

    /**
     * The federation's health; {@code federation::health} is the supplier a lifecycle health check adapts.
     *
     * @return the health now
     */
    FederationHealth health();

    /**
     * Closes the federation: new calls are refused, the federation's threads end once the calls they run have
     * returned (waiting at most 5 seconds, then interrupting them), and its meters are removed. Idempotent.
     * The pools' resources are not closed: they belong to the caller.
     */
    @Override
    void close();
}
