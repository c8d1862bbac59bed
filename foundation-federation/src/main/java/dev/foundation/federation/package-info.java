/**
 * Foundation federation: one entry point for calls spread over several pools of the same kind of resource
 * (connection pools, HTTP clients per region, executors), with load balancing, failover and runtime membership.
 *
 * <h2>Pools and selection</h2>
 * A {@link dev.foundation.federation.Federation} is built with
 * {@link dev.foundation.federation.Federation#builder(String)} from {@link dev.foundation.federation.Pool}s, each
 * with a weight, a locality and a capacity. {@code execute(fn)} asks the {@link dev.foundation.federation.Strategy}
 * for a pool among those that can take a call now (active, not ejected, circuit breaker not open, below capacity)
 * and runs {@code fn(resource)}. Strategies: round robin, smooth weighted round robin (nginx's algorithm: exact
 * shares over every cycle of {@code sum(weights)} calls), least loaded (in-flight / capacity), power of two choices
 * and locality aware (the caller's locality first, spilling over to the others by weight when none of its pools
 * can take the call).
 *
 * <h2>Failover</h2>
 * Each pool has a Resilience4j {@code CircuitBreaker} (judging a window of outcomes) and a semaphore
 * {@code Bulkhead} sized to its capacity. A call marked idempotent with
 * {@link dev.foundation.federation.CallOptions#idempotent()} that fails is repeated on another pool, at most
 * {@link dev.foundation.federation.FederationBuilder#maxAttempts} attempts in all, each on a different pool; a
 * call that is not idempotent runs at most once. An optional attempt timeout abandons a hung attempt (its thread
 * is interrupted) and counts it as a failure. A pool that fails several times in a row is ejected
 * ({@link dev.foundation.federation.OutlierEjection}) for a time that grows with repeat ejections, and re-admitted
 * when that time has passed on the federation's {@link java.time.Clock}.
 *
 * <h2>Membership at runtime</h2>
 * Pools are added, drained, resumed and removed, weights and the strategy changed, while calls run. A drained or
 * removed pool takes no new call; the calls running on it finish normally, and the returned future completes when
 * the last one has. A call that picked a pool just as it was drained moves to another pool before running.
 *
 * <h2>Health and meters</h2>
 * {@link dev.foundation.federation.Federation#health()} reports healthy, degraded (a locality without a serving
 * pool) or unhealthy (no pool serving), with every pool's state, in the shape foundation-lifecycle adapts; this
 * module does not depend on lifecycle. With a {@code MeterRegistry}, each pool has
 * {@code foundation.federation.calls}, {@code .failures}, {@code .latency}, {@code .in.flight}, {@code .ejected}
 * and {@code .available}, and the federation {@code .retries} and {@code .unavailable}.
 */
package dev.foundation.federation;
