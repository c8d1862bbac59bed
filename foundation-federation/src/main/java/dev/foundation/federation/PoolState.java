package dev.foundation.federation;

/** A member pool's administrative state. */
public enum PoolState {
    /** Takes new calls. */
    ACTIVE,
    /** Takes no new calls; its in-flight calls finish normally. {@link Federation#resumePool} makes it active again. */
    DRAINING,
    /** Removed from the federation; its in-flight calls finish normally. */
    REMOVED
}
