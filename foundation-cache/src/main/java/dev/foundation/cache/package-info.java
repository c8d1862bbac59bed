/**
 * Foundation cache: a tiered cache under one expiry.
 *
 * <h2>Tiers</h2>
 * <ul>
 *   <li><b>L1</b> ({@link dev.foundation.cache.L1}): Caffeine in process memory, bounded by entry count.</li>
 *   <li><b>L2</b> ({@link dev.foundation.cache.L2}): an embedded SQLite database file per cache in WAL mode
 *       ({@code synchronous=NORMAL}: a committed write survives a process crash), bounded by the bytes of its
 *       keys and values; expired rows are evicted first, then the least recently read. SQLite was chosen
 *       because it is already Foundation's embedded store (the workflow module uses it), is crash-safe,
 *       keeps one file per cache and needs no native build beyond the xerial driver; a hit costs one indexed
 *       SELECT on one connection. If the file is corrupt at open it is moved aside
 *       ({@code <name>.db.corrupt-<millis>}) and a new one created; if a write fails (a full disk answers
 *       {@code SQLITE_FULL}) the write is skipped and counted, and reads go on.</li>
 *   <li><b>L3</b> ({@link dev.foundation.cache.L3}): a Hazelcast {@code IMap} on an instance the application
 *       owns. Each call is measured against a timeout (a slower call counts as a failure) and guarded by a
 *       Resilience4j circuit breaker; while the
 *       breaker is open the cache serves from L1, L2 and the loader without throwing. When it closes again,
 *       L1 and L2 are cleared, because invalidations from other nodes may have been missed meanwhile.</li>
 * </ul>
 * Any subset of tiers may be configured. Keys and values reach L2 and L3 only through
 * {@link dev.foundation.core.Codec}s, never Java serialization.
 *
 * <h2>One expiry</h2>
 * An entry gets an absolute expiry when it is put or loaded
 * ({@link dev.foundation.cache.TieredCacheBuilder#expireAfterWrite}). The expiry travels with the value to
 * every tier; promotion to an upper tier keeps it, so reading an entry from L2 or L3 never extends its life.
 * A tier's own TTL only shortens how long that tier keeps it. With
 * {@link dev.foundation.cache.TieredCacheBuilder#refreshAfterWrite refresh-ahead}, a read of an older entry
 * starts a background reload and returns the current value. Time comes from an injectable
 * {@link java.time.Clock}.
 *
 * <h2>Loading</h2>
 * Concurrent reads of one missing key on one node share one load. With
 * {@link dev.foundation.cache.L3#clusterLoadLock} a per-key lock in the L3 map makes loads exclusive
 * across the cluster. {@link dev.foundation.cache.LoadingTieredCache#getAll} loads all missing keys with one
 * {@link dev.foundation.cache.CacheLoader#loadAll} call. A loader failure reaches the caller as a
 * {@link dev.foundation.cache.CacheLoadException} and nothing is cached, unless negative caching is enabled.
 *
 * <h2>Invalidation, dependencies and tags</h2>
 * A put or invalidation removes the key from every tier of this node and from L3, then publishes the ids on a
 * Hazelcast topic; every other node drops them from its L1 and L2 when the message arrives (measured in the
 * tests at a few tens of milliseconds; the documented bound while the cluster is healthy is 2 seconds). A
 * message can be lost if a member dies or the breaker is open: then the bound is the L1/L2 TTL, and the clear
 * on breaker recovery. An entry put with {@link dev.foundation.cache.Dependencies} is invalidated whenever a
 * key it depends on is invalidated or put, transitively (cycles terminate); tags invalidate groups. With L3
 * the dependency graph lives in Hazelcast {@code MultiMap}s shared by every node.
 *
 * <h2>Warmers</h2>
 * {@link dev.foundation.cache.Warmer}s run on a fixed rate or delay on one daemon thread per cache; a failing
 * run is logged and retried at its next time. {@link dev.foundation.cache.WarmerLock#coordination} keeps a
 * warmer to one member at a time through {@code foundation-coordination}.
 *
 * <h2>Statistics</h2>
 * {@link dev.foundation.cache.TieredCache#stats()} gives per-tier hits, misses and evictions, load counts and
 * time, hit rates and the hottest keys (a sampled Space-Saving sketch); the same figures are Micrometer meters
 * named {@code foundation.cache.*} when a registry is given.
 *
 * <h2>Limits</h2>
 * Dependency edges of an entry are removed when it is invalidated or put again, not when it merely expires;
 * entries that expire without ever being invalidated leave their edges behind until then. A node restarted
 * with an L2 file may serve entries invalidated while it was down, until their L2 TTL ends: give L2 a TTL in
 * clusters where that matters. {@code getAll} loads are not coalesced with concurrent single loads.
 */
package dev.foundation.cache;
