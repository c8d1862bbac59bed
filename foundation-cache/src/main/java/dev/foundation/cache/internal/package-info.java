/**
 * The implementation of {@link dev.foundation.cache.TieredCache}; not exported.
 *
 * <p>{@link dev.foundation.cache.internal.DefaultTieredCache} checks arguments and state, serves L1 hits and wires
 * the parts, each with one job:
 * <ul>
 *   <li>{@code TierChain}: L1 ({@code MemoryTier}), L2 ({@code DiskTier} over {@code SqliteStore}) and L3
 *       ({@code HazelcastClusterTier} over {@code HazelcastTier}), each a {@code CacheTier}; a tier the cache does
 *       not have is an {@code AbsentTier}. Reads go down the chain and promote upwards; writes go to L3 first.</li>
 *   <li>{@code Loading}: reads below L1 and the loader: coalescing, negative caching, the cluster load lock,
 *       bulk loads, refresh-ahead.</li>
 *   <li>{@code Invalidator}: puts with their dependency edges, the one dependency and tag cascade, and the
 *       invalidations other nodes publish.</li>
 *   <li>{@code KeyId} (a key's identity across tiers and nodes), {@code StripedVersions} (a load never stores a
 *       value read before an invalidation of its key), {@code WarmerRunner}, {@code Counters} and
 *       {@code CacheMeters} (the Micrometer binder).</li>
 * </ul>
 */
package dev.foundation.cache.internal;
