package dev.foundation.federation;

import java.util.Objects;

/**
 * One member of a federation: a named resource (a connection pool, an HTTP client for a region, an executor)
 * with a weight, a locality and a capacity. Immutable; build with {@link #of} and the {@code with*} methods.
 *
 * @param name     unique within the federation, not blank
 * @param resource the resource calls run against
 * @param weight   relative share of calls for weighted strategies, 1 to {@value #MAX_WEIGHT}
 * @param locality the zone or region the pool lives in, not blank
 * @param capacity the most calls the pool runs at once (its bulkhead), and the denominator of its load
 * @param <R>      the resource type
 */
public record Pool<R>(String name, R resource, int weight, String locality, int capacity) {

    /** The weight a pool gets unless told otherwise. */
    public static final int DEFAULT_WEIGHT = 1;
    /** The largest accepted weight. */
    public static final int MAX_WEIGHT = 1_000_000;
    /** The locality a pool gets unless told otherwise. */
    public static final String DEFAULT_LOCALITY = "default";
    /** The capacity a pool gets unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 64;

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the component, the value and the expectation
     */
    public Pool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(locality, "locality");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        checkWeight(weight);
        if (locality.isBlank()) {
            throw new IllegalArgumentException("locality must not be blank but was '" + locality + "'");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be > 0 but was " + capacity);
        }
    }

    /**
     * A pool with the default weight, locality and capacity.
     *
     * @param name     unique within the federation
     * @param resource the resource
     * @param <R>      the resource type
     * @return the pool
     */
    public static <R> Pool<R> of(String name, R resource) {
        return new Pool<>(name, resource, DEFAULT_WEIGHT, DEFAULT_LOCALITY, DEFAULT_CAPACITY);
    }

    /**
     * This pool with another weight.
     *
     * @param weight 1 to {@value #MAX_WEIGHT}
     * @return a new pool
     */
    public Pool<R> withWeight(int weight) {
        return new Pool<>(name, resource, weight, locality, capacity);
    }

    /**
     * This pool in another locality.
     *
     * @param locality not blank
     * @return a new pool
     */
    public Pool<R> withLocality(String locality) {
        return new Pool<>(name, resource, weight, locality, capacity);
    }

    /**
     * This pool with another capacity.
     *
     * @param capacity &gt; 0
     * @return a new pool
     */
    public Pool<R> withCapacity(int capacity) {
        return new Pool<>(name, resource, weight, locality, capacity);
    }

    /**
     * Checks a weight.
     *
     * @param weight the weight
     * @return the weight
     * @throws IllegalArgumentException if it is outside 1 to {@value #MAX_WEIGHT}
     */
    static int checkWeight(int weight) {
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be between 1 and " + MAX_WEIGHT + " but was " + weight);
        }
        return weight;
    }

    @Override
    public String toString() {
        return "Pool[" + name + ", weight=" + weight + ", locality=" + locality + ", capacity=" + capacity + "]";
    }
}
