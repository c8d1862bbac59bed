package dev.foundation.config;

/** A listener registration; closing it removes the listener. Closing twice is harmless. */
public interface Subscription extends AutoCloseable {
    /** Removes the listener; it receives no change applied after this returns. */
    @Override
    void close();
}
