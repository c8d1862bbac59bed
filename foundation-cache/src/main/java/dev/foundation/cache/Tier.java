package dev.foundation.cache;

/** The tiers of a {@link TieredCache}, from the fastest to the widest. */
public enum Tier {
    /** In-process memory (Caffeine). */
    L1,
    /** Local disk (embedded SQLite in WAL mode); survives restarts. */
    L2,
    /** Distributed (a Hazelcast {@code IMap}), shared by every node of the cluster. */
    L3;

    /**
     * The lower-case name used in metric tags, such as {@code "l1"}.
     *
     * @return the tag value
     */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
