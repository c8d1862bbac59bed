package dev.foundation.federation.cluster;

import dev.foundation.federation.Pool;
import java.util.Objects;

/**
 * A pool as announced to the cluster: what every member needs to build its own {@link Pool} of it. The
 * {@code address} is whatever the application's connector understands (a URL, {@code host:port}, a region
 * name); Foundation does not interpret it.
 *
 * @param name     the pool's name, unique in the federation across the cluster
 * @param address  where the resource is, for the connector; no tab or line break
 * @param weight   1 to {@value Pool#MAX_WEIGHT}
 * @param locality the pool's locality; no tab or line break
 * @param capacity the pool's capacity, {@code > 0}
 */
public record PoolSpec(String name, String address, int weight, String locality, int capacity) {

    /**
     * Checks the components with the same rules as {@link Pool}.
     *
     * @param name     name
     * @param address  address
     * @param weight   weight
     * @param locality locality
     * @param capacity capacity
     */
    public PoolSpec {
        Objects.requireNonNull(address, "address");
        new Pool<>(name, address, weight, locality, capacity); // the same checks as a local pool
        checkText("name", name);
        checkText("address", address);
        checkText("locality", locality);
    }

    /**
     * A spec with the default weight, locality and capacity of {@link Pool}.
     *
     * @param name    the pool's name
     * @param address where the resource is
     * @return the spec
     */
    public static PoolSpec of(String name, String address) {
        return new PoolSpec(name, address, Pool.DEFAULT_WEIGHT, Pool.DEFAULT_LOCALITY, Pool.DEFAULT_CAPACITY);
    }

    /**
     * A copy with another weight.
     *
     * @param value 1 to {@value Pool#MAX_WEIGHT}
     * @return the copy
     */
    public PoolSpec withWeight(int value) {
        return new PoolSpec(name, address, value, locality, capacity);
    }

    /**
     * A copy with another locality.
     *
     * @param value the locality
     * @return the copy
     */
    public PoolSpec withLocality(String value) {
        return new PoolSpec(name, address, weight, value, capacity);
    }

    /**
     * A copy with another capacity.
     *
     * @param value {@code > 0}
     * @return the copy
     */
    public PoolSpec withCapacity(int value) {
        return new PoolSpec(name, address, weight, locality, value);
    }

    /** Whether {@code other} differs from this spec in nothing but the weight. */
    boolean sameButWeight(PoolSpec other) {
        return name.equals(other.name) && address.equals(other.address) && locality.equals(other.locality)
                && capacity == other.capacity;
    }

    private static void checkText(String what, String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a tab or line break but was '"
                    + value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "'");
        }
    }
}
