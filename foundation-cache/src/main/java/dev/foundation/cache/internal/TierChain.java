package dev.foundation.cache.internal;

import dev.foundation.cache.CacheStorageException;
import dev.foundation.cache.Tier;
import dev.foundation.cache.TierStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L1, L2 and L3 in order, each a {@link CacheTier} (an {@link AbsentTier} where the cache has none). Reads go down
 * the chain and stop at the first tier that has the key; what a lower tier found is promoted to the tiers above it
 * (never into L3). Writes go to L3 first (which may answer with another node's value, kept in every tier so the
 * tiers agree), then L1, then L2. The caller holds the key's stripe lock for every write and removal.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class TierChain<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TierChain.class);

    /** What a read below L1 found: the entry and the index of the tier that had it (1 = L2, 2 = L3). */
    record Hit<V>(Entry<V> entry, int level) {
    }

    private final CacheTier<K, V> l1;
    private final CacheTier<K, V> l2;
    private final ClusterTier<K, V> l3;
    private final List<CacheTier<K, V>> all;
    private final List<CacheTier<K, V>> present;

    TierChain(CacheTier<K, V> l1, CacheTier<K, V> l2, ClusterTier<K, V> l3) {
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.all = List.of(l1, l2, l3);
        List<CacheTier<K, V>> inUse = new ArrayList<>(3);
        for (CacheTier<K, V> tier : all) {
            if (tier.isPresent()) {
                inUse.add(tier);
            }
        }
        this.present = List.copyOf(inUse);
    }

    /**
     * Opens the tiers the settings configure. An L2 that cannot be opened is logged and replaced by an absent tier
     * that reports the problem (the cache runs without it, health DEGRADED); an L3 that cannot be bound fails the
     * build, after closing L2.
     */
    static <K, V> TierChain<K, V> open(Settings<K, V> s, Counters counters) {
        CacheTier<K, V> l1 = s.l1() == null ? AbsentTier.of(Tier.L1)
                : new MemoryTier<>(s.l1().maximumSize(), s.l1().expireAfterWrite(), s.clock(), counters);
        CacheTier<K, V> l2 = s.l2() == null ? AbsentTier.of(Tier.L2) : openDisk(s, counters);
        try {
            ClusterTier<K, V> l3 = s.l3() == null ? AbsentTier.of(Tier.L3)
                    : new HazelcastClusterTier<>(s.name(), HazelcastTier.of(s.l3(), s.name()), s.valueCodec(),
                            ttlMillis(s.l3().expireAfterWrite()), s.l3().clusterLoadLockLease(), counters);
            return new TierChain<>(l1, l2, l3);
        } catch (RuntimeException e) {
            l2.close();
            throw e;
        }
    }

    private static <K, V> CacheTier<K, V> openDisk(Settings<K, V> s, Counters counters) {
        try {
            SqliteStore store = new SqliteStore(s.l2().directory(), s.name(), s.l2().maximumBytes().bytes());
            return new DiskTier<>(s.name(), store, s.valueCodec(), ttlMillis(s.l2().expireAfterWrite()), counters);
        } catch (CacheStorageException e) {
            LOG.warn("cache '{}': L2 in {} cannot be used, starting without it (health DEGRADED, meter "
                    + "foundation.cache.l2.unavailable = 1): {}", s.name(), s.l2().directory(), e.getMessage(), e);
            return new AbsentTier<>(Tier.L2, "L2 unavailable: cannot open " + s.l2().directory() + " ("
                    + e.getMessage() + "); running without L2");
        }
    }

    private static long ttlMillis(java.time.Duration ttl) {
        return ttl == null ? Long.MAX_VALUE : ttl.toMillis();
    }

    /** The tiers in use, in order. */
    List<CacheTier<K, V>> present() {
        return present;
    }

    /** Every tier, absent ones included, in order. */
    List<CacheTier<K, V>> all() {
        return all;
    }

    /** L3, or the absent tier. */
    ClusterTier<K, V> cluster() {
        return l3;
    }

    // ------------------------------------------------------------------------------------------- reads

    /** The L1 read of a {@code get}: the live entry or {@code null}, counted as an L1 hit or miss. */
    Entry<V> first(K key) {
        return l1.find(key);
    }

    /** A second, uncounted look into L1 (another thread may have loaded the key meanwhile). */
    Entry<V> recheckFirst(K key, long now) {
        return l1.peek(key, now);
    }

    /** Reads L2, then L3; the first live entry with the index of its tier, or {@code null}. */
    Hit<V> findBelowFirst(K key, KeyId id, long now) {
        for (int level = 1; level < all.size(); level++) {
            Entry<V> e = all.get(level).find(key, id, now);
            if (e != null) {
                return new Hit<>(e, level);
            }
        }
        return null;
    }

    /** Reads L3 only (after taking its load lock); like {@link #findBelowFirst}. */
    Hit<V> findInCluster(K key, KeyId id, long now) {
        Entry<V> e = l3.find(key, id, now);
        return e == null ? null : new Hit<>(e, all.size() - 1);
    }

    // ------------------------------------------------------------------------------------------ writes

    /** Copies what a lower tier found into the tiers above it. */
    void promote(K key, KeyId id, Hit<V> hit, long now) {
        if (!hit.entry().liveAt(now)) {
            return;
        }
        for (int level = 0; level < hit.level(); level++) {
            all.get(level).put(key, id, hit.entry(), now);
        }
    }

    /**
     * An explicit put with its edges: L3 (replacing), then L1 and L2.
     *
     * @return the write it replaced in L3, or {@code null}
     */
    Envelope.Decoded put(K key, KeyId id, Entry<V> e, Edges edges, long now) {
        if (!e.liveAt(now)) {
            return null;
        }
        Envelope.Decoded replaced = l3.put(id, e, edges, now);
        writeLocal(key, id, e, now);
        return replaced;
    }

    /** A value kept on this node only: L1 and L2. */
    void putLocal(K key, KeyId id, Entry<V> e, long now) {
        if (e.liveAt(now)) {
            writeLocal(key, id, e, now);
        }
    }

    /** A loaded value: into L3 unless it has the key (then its value is kept everywhere), then L1 and L2. */
    void putLoaded(K key, KeyId id, Entry<V> e, long now) {
        if (e.liveAt(now)) {
            writeLocal(key, id, l3.putIfAbsent(id, e, now), now);
        }
    }

    /** A refreshed value: replaces L3's keeping its edges, then L1 and L2. */
    void putRefreshed(K key, KeyId id, Entry<V> e, long now) {
        if (e.liveAt(now)) {
            l3.refresh(id, e, now);
            writeLocal(key, id, e, now);
        }
    }

    private void writeLocal(K key, KeyId id, Entry<V> e, long now) {
        l1.put(key, id, e, now);
        l2.put(key, id, e, now);
    }

    /**
     * Removes a key from this node's tiers.
     *
     * @param key the key, or {@code null} if its id could not be decoded
     */
    void removeLocal(K key, KeyId id) {
        l1.remove(key, id);
        l2.remove(key, id);
    }

    /** Empties this node's tiers (after L3 was unreachable: other nodes' invalidations may have been missed). */
    void clearLocal() {
        l1.clear();
        l2.clear();
    }

    // ------------------------------------------------------------------------------------------- stats

    /** Statistics of every tier in use (runs pending L1 maintenance first: for a snapshot, not a scrape). */
    Map<Tier, TierStats> stats(Counters counters) {
        Map<Tier, TierStats> stats = new EnumMap<>(Tier.class);
        for (CacheTier<K, V> tier : present) {
            tier.cleanUp();
            int i = tier.tier().ordinal();
            stats.put(tier.tier(), new TierStats(tier.tier(), counters.tierHits[i].sum(),
                    counters.tierMisses[i].sum(), tier.evictions()));
        }
        return stats;
    }

    /** Writes the tiers skipped (L2's, when the disk was full or failing). */
    long writesSkipped() {
        long skipped = 0;
        for (CacheTier<K, V> tier : all) {
            skipped += tier.writesSkipped();
        }
        return skipped;
    }

    /** The problems of the tiers, for the cache's health. */
    List<String> problems() {
        List<String> problems = new ArrayList<>(2);
        for (CacheTier<K, V> tier : all) {
            String problem = tier.problem();
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /** Closes L3, L2, then L1. */
    @Override
    public void close() {
        l3.close();
        l2.close();
        l1.close();
    }

    @Override
    public String toString() {
        return "l1=" + l1.isPresent() + ", l2=" + l2.isPresent() + ", l3=" + l3.isPresent();
    }
}
