package dev.foundation.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Lifecycle#start()} failed: one or more components threw or timed out (or a shutdown was requested
 * during start). By the time this is thrown, every component that had started was stopped again in
 * reverse order and the lifecycle's threads are gone. Each failure is also attached as a suppressed
 * exception; the first one is the cause.
 */
public final class LifecycleStartException extends LifecycleException {

    private static final long serialVersionUID = 1L;

    /** Component name to what it failed with, in the order the failures happened. */
    private final transient Map<String, Throwable> failures;

    /**
     * Creates an exception.
     *
     * @param message  the summary naming each failure
     * @param failures component name to its failure, in order
     */
    public LifecycleStartException(String message, Map<String, Throwable> failures) {
        super(message, failures.isEmpty() ? null : failures.values().iterator().next());
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        boolean first = true;
        for (Throwable t : failures.values()) {
            if (!first) {
                addSuppressed(t);
            }
            first = false;
        }
    }

    /**
     * What each failed component failed with, in the order the failures happened.
     *
     * @return component name to failure
     */
    public Map<String, Throwable> failures() {
        return failures;
    }
}
