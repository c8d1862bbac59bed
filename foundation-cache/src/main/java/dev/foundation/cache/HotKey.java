package dev.foundation.cache;

/**
 * One of the most read keys, as estimated by a bounded Space-Saving sketch over sampled reads.
 *
 * @param key       the key
 * @param estimate  the estimated number of reads (an over-estimate by at most {@code error})
 * @param error     the maximum over-estimation of {@code estimate}
 * @param <K>       the key type
 */
public record HotKey<K>(K key, long estimate, long error) {
}
