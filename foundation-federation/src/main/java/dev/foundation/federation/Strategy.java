package dev.foundation.federation;

import dev.foundation.federation.internal.LeastLoadedStrategy;
import dev.foundation.federation.internal.LocalityAwareStrategy;
import dev.foundation.federation.internal.PowerOfTwoChoicesStrategy;
import dev.foundation.federation.internal.RoundRobinStrategy;
import dev.foundation.federation.internal.SmoothWeightedStrategy;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Picks the pool for one call among the pools available now. A federation only offers pools that are active,
 * not ejected, not behind an open circuit breaker and below their capacity, so a strategy only decides the
 * share. Strategies may keep state (a strategy instance belongs to one federation at a time) and must be
 * thread-safe: calls select concurrently.
 */
public interface Strategy {

    /**
     * Picks one of the candidates.
     *
     * @param candidates     the available pools, never empty; the order is the federation's membership order
     * @param callerLocality the caller's locality, or {@code null} when unknown
     * @param <P>            the view type
     * @return one element of {@code candidates}
     */
    <P extends PoolView> P select(List<P> candidates, String callerLocality);

    /**
     * A short name for logs and health details.
     *
     * @return the name
     */
    String name();

    /**
     * Each available pool in turn, ignoring weights.
     *
     * @return a new strategy
     */
    static Strategy roundRobin() {
        return new RoundRobinStrategy();
    }

    /**
     * Smooth weighted round robin (nginx's algorithm): over any run of {@code sum(weights)} consecutive calls
     * with a stable set of available pools each pool gets exactly its weight, and the picks of a heavy pool are
     * spread out rather than bunched.
     *
     * @return a new strategy
     */
    static Strategy smoothWeighted() {
        return new SmoothWeightedStrategy();
    }

    /**
     * The pool with the lowest load, in-flight calls divided by capacity; ties go round robin.
     *
     * @return a new strategy
     */
    static Strategy leastLoaded() {
        return new LeastLoadedStrategy();
    }

    /**
     * Two pools drawn at random, the less loaded one wins (ties: the heavier weight). Cheaper than a full scan
     * and avoids herding on one pool when loads are read stale.
     *
     * @return a new strategy drawing from {@link java.util.concurrent.ThreadLocalRandom}
     */
    static Strategy powerOfTwoChoices() {
        return new PowerOfTwoChoicesStrategy(null);
    }

    /**
     * Power of two choices drawing from the given generator (for reproducible tests).
     *
     * @param random the generator; it must be safe for the threads that call the federation
     * @return a new strategy
     */
    static Strategy powerOfTwoChoices(RandomGenerator random) {
        return new PowerOfTwoChoicesStrategy(Objects.requireNonNull(random, "random"));
    }

    /**
     * Prefers the caller's locality: smooth weighted among the available pools there; when none is available
     * (all unhealthy, ejected, drained or saturated), spills over to the other localities by weight.
     *
     * @return a new strategy
     */
    static Strategy localityAware() {
        return new LocalityAwareStrategy(new SmoothWeightedStrategy(), new SmoothWeightedStrategy());
    }

    /**
     * Prefers the caller's locality and picks there with {@code local}; spills over to the other localities by
     * weight (smooth weighted) when no pool of the caller's locality is available.
     *
     * @param local the strategy within the caller's locality
     * @return a new strategy
     */
    static Strategy localityAware(Strategy local) {
        return new LocalityAwareStrategy(Objects.requireNonNull(local, "local"), new SmoothWeightedStrategy());
    }
}
