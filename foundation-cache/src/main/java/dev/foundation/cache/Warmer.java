package dev.foundation.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named job that fills the cache on a schedule: either it names keys to load through the cache's loader
 * (only the missing ones are loaded, in bulk when the loader supports it), or it supplies entries to put.
 *
 * <pre>{@code
 * Warmer.<String, Profile>keys("top-profiles", () -> db.mostViewedIds(100)).fixedRate(Duration.ofMinutes(10))
 * }</pre>
 *
 * <p>A run that throws is logged and the warmer runs again at its next time; it never stops the
 * scheduler. In a cluster (the cache has an L3 tier and a coordination backend), each run first takes a
 * cluster-wide lock named after the cache and the warmer, so one member runs a given warmer at a time;
 * a member that cannot take the lock skips that run. Immutable: every method returns a new instance.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Warmer<K, V> {

    private final String name;
    private final Supplier<? extends Collection<? extends K>> keys;
    private final Supplier<? extends Map<? extends K, ? extends V>> entries;
    private final Duration period;
    private final boolean fixedRate;
    private final Duration initialDelay;

    private Warmer(String name, Supplier<? extends Collection<? extends K>> keys,
                   Supplier<? extends Map<? extends K, ? extends V>> entries, Duration period, boolean fixedRate,
                   Duration initialDelay) {
        this.name = name;
        this.keys = keys;
        this.entries = entries;
        this.period = period;
        this.fixedRate = fixedRate;
        this.initialDelay = initialDelay;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        return name;
    }

    /**
     * A warmer that loads the supplied keys through the cache's loader.
     *
     * @param name the warmer's name, unique within the cache
     * @param keys supplies the keys at each run
     * @param <K>  the key type
     * @param <V>  the value type
     * @return the warmer (give it a schedule)
     */
    public static <K, V> Warmer<K, V> keys(String name, Supplier<? extends Collection<? extends K>> keys) {
        return new Warmer<>(checkName(name), Objects.requireNonNull(keys, "keys"), null, null, true, Duration.ZERO);
    }

    /**
     * A warmer that puts the supplied entries.
     *
     * @param name    the warmer's name, unique within the cache
     * @param entries supplies the entries at each run
     * @param <K>     the key type
     * @param <V>     the value type
     * @return the warmer (give it a schedule)
     */
    public static <K, V> Warmer<K, V> entries(String name, Supplier<? extends Map<? extends K, ? extends V>> entries) {
        return new Warmer<>(checkName(name), null, Objects.requireNonNull(entries, "entries"), null, true,
                Duration.ZERO);
    }

    /**
     * Runs every {@code period}, measured from start to start.
     *
     * @param period the period, {@code > 0}
     * @return a new warmer
     */
    public Warmer<K, V> fixedRate(Duration period) {
        return new Warmer<>(name, keys, entries, TieredCacheBuilder.positive("period", period), true, initialDelay);
    }

    /**
     * Runs {@code delay} after the end of the previous run.
     *
     * @param delay the delay, {@code > 0}
     * @return a new warmer
     */
    public Warmer<K, V> fixedDelay(Duration delay) {
        return new Warmer<>(name, keys, entries, TieredCacheBuilder.positive("delay", delay), false, initialDelay);
    }

    /**
     * Waits this long after the cache is built before the first run (zero by default).
     *
     * @param delay the delay, {@code >= 0}
     * @return a new warmer
     */
    public Warmer<K, V> initialDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be >= 0 but was " + delay);
        }
        return new Warmer<>(name, keys, entries, period, fixedRate, delay);
    }

    /**
     * The name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The keys supplier, or {@code null} for an entries warmer.
     *
     * @return the supplier or {@code null}
     */
    public Supplier<? extends Collection<? extends K>> keysSupplier() {
        return keys;
    }

    /**
     * The entries supplier, or {@code null} for a keys warmer.
     *
     * @return the supplier or {@code null}
     */
    public Supplier<? extends Map<? extends K, ? extends V>> entriesSupplier() {
        return entries;
    }

    /**
     * The period or delay, or {@code null} if no schedule was given yet.
     *
     * @return the period or {@code null}
     */
    public Duration period() {
        return period;
    }

    /**
     * Whether the schedule is a fixed rate (otherwise a fixed delay).
     *
     * @return {@code true} for a fixed rate
     */
    public boolean isFixedRate() {
        return fixedRate;
    }

    /**
     * The delay before the first run.
     *
     * @return the delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    @Override
    public String toString() {
        return "Warmer[" + name + ", " + (fixedRate ? "fixedRate " : "fixedDelay ") + period + "]";
    }
}
