package dev.foundation.config;

/** Why a snapshot exists. */
public enum ChangeCause {
    /** The first load, when the handle was built. */
    INITIAL,
    /** A reload from the sources (file change, poll or {@link ConfigHandle#reload()}). */
    RELOAD,
    /** {@link ConfigHandle#rollback(long)} re-applied an earlier snapshot. */
    ROLLBACK
}
