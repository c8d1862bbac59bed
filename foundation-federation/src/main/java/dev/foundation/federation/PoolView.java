package dev.foundation.federation;

/**
 * What a {@link Strategy} sees of a pool: a live view, so {@link #inFlight()} and {@link #weight()} may change
 * between two reads.
 */
public interface PoolView {

    /**
     * The pool's name.
     *
     * @return the name
     */
    String name();

    /**
     * The pool's current weight (it may be changed at runtime).
     *
     * @return the weight, at least 1
     */
    int weight();

    /**
     * The pool's locality.
     *
     * @return the locality
     */
    String locality();

    /**
     * The most calls the pool runs at once.
     *
     * @return the capacity, at least 1
     */
    int capacity();

    /**
     * Calls running on the pool now (attempts that timed out but have not returned yet included).
     *
     * @return the in-flight count
     */
    int inFlight();
}
