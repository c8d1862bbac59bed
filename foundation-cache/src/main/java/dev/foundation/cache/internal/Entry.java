package dev.foundation.cache.internal;

/**
 * A cached value with its absolute expiry and write time (epoch milliseconds), as every tier keeps it.
 *
 * @param value     the value
 * @param expiresAt when it expires, {@link Long#MAX_VALUE} for never
 * @param writtenAt when it was written (refresh-ahead measures its age from here)
 * @param <V>       the value type
 */
record Entry<V>(V value, long expiresAt, long writtenAt) {

    /** Whether the entry is still alive at {@code now}. */
    boolean liveAt(long now) {
        return expiresAt > now;
    }

    /** A value written at {@code now} that lives {@code ttlMillis} ({@link Long#MAX_VALUE} for ever). */
    static <V> Entry<V> written(V value, long now, long ttlMillis) {
        return new Entry<>(value, saturatedAdd(now, ttlMillis), now);
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} on overflow. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
