package dev.foundation.cache;

import java.time.Duration;

/** The cross-node invalidation bound the README documents and the cluster tests check. */
final class InvalidationWindow {

    /** Documented bound while the cluster is healthy (typical measured values are a few milliseconds). */
    static final Duration BOUND = Duration.ofSeconds(2);

    private InvalidationWindow() {
    }
}
