package dev.foundation.cache.internal;

import dev.foundation.cache.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code foundation.cache.*} meters of one cache: the cache-wide ones, the per-tier gets, hit ratio and
 * evictions of every tier in use, and each tier's own ({@link CacheTier#bindMeters}). Every meter reads a counter
 * or one tier's own figure; none builds the full statistics snapshot (no L1 clean-up, no hot-key sort on a
 * scrape).
 */
final class CacheMeters implements MeterBinder {

    private static final String[] WARMER_RESULTS = {"success", "skipped", "failure"};

    private final String name;
    private final Counters counters;
    private final TierChain<?, ?> tiers;
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;

    /**
     * @param name     the cache name (the {@code cache} tag)
     * @param counters the cache's counters
     * @param tiers    its tiers
     */
    CacheMeters(String name, Counters counters, TierChain<?, ?> tiers) {
        this.name = name;
        this.counters = counters;
        this.tiers = tiers;
    }

    @Override
    public void bindTo(MeterRegistry r) {
        this.registry = r;
        Counters c = counters;
        meters.add(FunctionCounter.builder("foundation.cache.requests", c, Counters::allHits)
                .tags("cache", name, "result", "hit").description("reads answered by some tier").register(r));
        meters.add(FunctionCounter.builder("foundation.cache.requests", c.misses, LongAdder::sum)
                .tags("cache", name, "result", "miss").description("reads no tier answered").register(r));
        meters.add(Gauge.builder("foundation.cache.hit.ratio", c, Counters::hitRate)
                .tags("cache", name).description("overall hit rate since start").register(r));
        for (CacheTier<?, ?> tier : tiers.present()) {
            Tier t = tier.tier();
            int i = t.ordinal();
            meters.add(FunctionCounter.builder("foundation.cache.tier.gets", c.tierHits[i], LongAdder::sum)
                    .tags("cache", name, "tier", t.tag(), "result", "hit").register(r));
            meters.add(FunctionCounter.builder("foundation.cache.tier.gets", c.tierMisses[i], LongAdder::sum)
                    .tags("cache", name, "tier", t.tag(), "result", "miss").register(r));
            meters.add(FunctionCounter.builder("foundation.cache.tier.evictions", tier, CacheTier::evictions)
                    .tags("cache", name, "tier", t.tag()).register(r));
            meters.add(Gauge.builder("foundation.cache.tier.hit.ratio", c, x -> x.tierHitRate(i))
                    .tags("cache", name, "tier", t.tag()).register(r));
        }
        for (CacheTier<?, ?> tier : tiers.all()) {
            tier.bindMeters(r, name, meters);
        }
        meters.add(FunctionCounter.builder("foundation.cache.loads", c.loadSuccesses, LongAdder::sum)
                .tags("cache", name, "result", "success").register(r));
        meters.add(FunctionCounter.builder("foundation.cache.loads", c.loadFailures, LongAdder::sum)
                .tags("cache", name, "result", "failure").register(r));
        meters.add(FunctionTimer.builder("foundation.cache.load.duration", c, Counters::loads,
                        x -> x.loadNanos.sum(), TimeUnit.NANOSECONDS)
                .tags("cache", name).description("time spent in the loader").register(r));
        meters.add(FunctionCounter.builder("foundation.cache.invalidations", c.localInvalidations, LongAdder::sum)
                .tags("cache", name, "origin", "local").register(r));
        meters.add(FunctionCounter.builder("foundation.cache.invalidations", c.remoteInvalidations, LongAdder::sum)
                .tags("cache", name, "origin", "remote").register(r));
        for (Map.Entry<String, LongAdder[]> w : c.warmerRuns.entrySet()) {
            for (int i = 0; i < WARMER_RESULTS.length; i++) {
                meters.add(FunctionCounter.builder("foundation.cache.warmer.runs", w.getValue()[i], LongAdder::sum)
                        .tags("cache", name, "warmer", w.getKey(), "result", WARMER_RESULTS[i]).register(r));
            }
        }
    }

    /** Removes the meters from the registry they were bound to. */
    void unbind() {
        if (registry != null) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
