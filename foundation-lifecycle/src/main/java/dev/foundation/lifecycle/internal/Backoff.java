package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.Supervision;
import java.time.Duration;

/** Exponential backoff with jitter between restarts. */
final class Backoff {

    private Backoff() {
    }

    /**
     * The delay before the {@code restart}-th restart within the intensity window.
     *
     * @param supervision the settings
     * @param restart     1 for the first restart in the window, 2 for the second...
     * @param random      a uniform random number in [0, 1)
     * @return {@code min(max, initial * multiplier^(restart-1))}, spread by the jitter, never above max
     */
    static Duration delay(Supervision supervision, int restart, double random) {
        double nominal = supervision.initialBackoff().toNanos() * Math.pow(supervision.multiplier(), Math.max(0, restart - 1));
        double max = supervision.maxBackoff().toNanos();
        nominal = Math.min(nominal, max);
        double spread = nominal * (1.0 + supervision.jitter() * (2.0 * random - 1.0));
        return Duration.ofNanos((long) Math.max(0.0, Math.min(spread, max)));
    }
}
