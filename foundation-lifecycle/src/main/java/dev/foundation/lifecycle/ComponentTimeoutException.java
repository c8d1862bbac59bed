package dev.foundation.lifecycle;

import java.time.Duration;

/**
 * A component's start, stop or health check, or a shutdown hook, did not finish within its timeout.
 * Appears as the cause of a {@link Stage#FAILED} transition, in a {@link LifecycleStartException}, or as
 * the last error of an unhealthy component. Raise the timeout or find out what the component waits for.
 */
public class ComponentTimeoutException extends LifecycleException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param what    what timed out, e.g. {@code "start of 'db'"}
     * @param timeout the timeout that passed
     */
    public ComponentTimeoutException(String what, Duration timeout) {
        super(what + " did not finish within " + timeout.toMillis() + " ms", null);
    }
}
