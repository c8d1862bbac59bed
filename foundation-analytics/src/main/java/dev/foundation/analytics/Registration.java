package dev.foundation.analytics;

/** Something added to {@link Analytics} (a budget, a scaling policy, a listener); closing it removes it. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes what was added. Idempotent. */
    @Override
    void close();
}
