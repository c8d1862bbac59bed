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
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The {@code foundation.cache.*} meters of one cache. Every meter reads a counter or one tier's own figure; none
 * builds the full statistics snapshot (no L1 clean-up, no hot-key sort on a scrape).
 */
final class CacheMeters implements MeterBinder {

    private static final String[] WARMER_RESULTS = {"success", "skipped", "failure"};

    private final String name;
    private final Counters counters;
    private final boolean l1;
    private final SqliteStore l2;
    private final BooleanSupplier l2Unavailable;
    private final HazelcastTier l3;
    private final LongSupplier l3Evictions;
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;

    /**
     * @param name          the cache name (the {@code cache} tag)
     * @param counters      the cache's counters
     * @param l1            whether the cache has L1
     * @param l2            its L2, or {@code null}
     * @param l2Unavailable {@code null} if L2 was not configured, else whether the configured L2 is missing
     * @param l3            its L3, or {@code null}
     * @param l3Evictions   L3 evictions (ignored without L3)
     */
    CacheMeters(String name, Counters counters, boolean l1, SqliteStore l2, BooleanSupplier l2Unavailable,
                HazelcastTier l3, LongSupplier l3Evictions) {
        this.name = name;
        this.counters = counters;
        this.l1 = l1;
        this.l2 = l2;
        this.l2Unavailable = l2Unavailable;
        this.l3 = l3;
        this.l3Evictions = l3Evictions;
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
        for (Tier t : Tier.values()) {
            boolean present = t == Tier.L1 ? l1 : t == Tier.L2 ? l2 != null : l3 != null;
            if (!present) {
                continue;
            }
            int i = t.ordinal();
            meters.add(FunctionCounter.builder("foundation.cache.tier.gets", c.tierHits[i], LongAdder::sum)
                    .tags("cache", name, "tier", t.tag(), "result", "hit").register(r));
            meters.add(FunctionCounter.builder("foundation.cache.tier.gets", c.tierMisses[i], LongAdder::sum)
                    .tags("cache", name, "tier", t.tag(), "result", "miss").register(r));
            FunctionCounter.Builder<?> evictions = switch (t) {
                case L1 -> FunctionCounter.builder("foundation.cache.tier.evictions", c.l1Evictions, LongAdder::sum);
                case L2 -> FunctionCounter.builder("foundation.cache.tier.evictions", l2, SqliteStore::evictions);
                case L3 -> FunctionCounter.builder("foundation.cache.tier.evictions", l3Evictions,
                        LongSupplier::getAsLong);
            };
            meters.add(evictions.tags("cache", name, "tier", t.tag()).register(r));
            meters.add(Gauge.builder("foundation.cache.tier.hit.ratio", c, x -> x.tierHitRate(i))
                    .tags("cache", name, "tier", t.tag()).register(r));
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
        if (l2Unavailable != null) {
            meters.add(Gauge.builder("foundation.cache.l2.unavailable", l2Unavailable, u -> u.getAsBoolean() ? 1 : 0)
                    .tags("cache", name).description("1 when the configured L2 could not be opened").register(r));
        }
        if (l2 != null) {
            meters.add(Gauge.builder("foundation.cache.l2.bytes", l2, SqliteStore::bytes)
                    .tags("cache", name).baseUnit("bytes").register(r));
            meters.add(FunctionCounter.builder("foundation.cache.l2.writes.skipped", l2, SqliteStore::writesSkipped)
                    .tags("cache", name).register(r));
        }
        if (l3 != null) {
            meters.add(Gauge.builder("foundation.cache.l3.circuit.state", l3, HazelcastTier::circuitStateCode)
                    .tags("cache", name).description("0 closed, 1 open, 2 half-open, 3 other").register(r));
            meters.add(FunctionCounter.builder("foundation.cache.l3.failures", l3, HazelcastTier::failures)
                    .tags("cache", name).register(r));
        }
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
