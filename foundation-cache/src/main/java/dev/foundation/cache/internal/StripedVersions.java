package dev.foundation.cache.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Consistency between loads and invalidations on one node: every key id maps to one of {@value #STRIPES} stripes,
 * each with a version and a lock. Puts and invalidations bump the version under the lock; a load or promotion
 * takes a {@link #stamp(KeyId)} before reading the lower tiers and stores its result only if the stripe's version
 * is unchanged (checked and written under the lock), so a value read before an invalidation is never stored after
 * it.
 */
final class StripedVersions {

    static final int STRIPES = 1024;

    private final AtomicLongArray versions = new AtomicLongArray(STRIPES);
    private final Object[] locks = new Object[STRIPES];

    StripedVersions() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    static int stripe(Object id) {
        int h = id.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** The current version of a key's stripe, to pass back to {@link #isCurrent}. */
    long stamp(KeyId id) {
        return versions.get(id.stripe());
    }

    Object lock(int stripe) {
        return locks[stripe];
    }

    /** Whether the stripe is still at {@code stamp}; call under its lock. */
    boolean isCurrent(int stripe, long stamp) {
        return versions.get(stripe) == stamp;
    }

    /** Invalidates every stamp taken on the stripe; call under its lock. */
    void bump(int stripe) {
        versions.incrementAndGet(stripe);
    }
}
