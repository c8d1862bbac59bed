package dev.foundation.lifecycle;

import java.util.List;

/**
 * The component graph given to the {@link LifecycleBuilder} is invalid: a dependency names no component,
 * or dependencies form a cycle. Thrown by {@link LifecycleBuilder#build()}; fix the configuration.
 */
public class LifecycleGraphException extends LifecycleException {

    private static final long serialVersionUID = 1L;

    /** The components forming the cycle, first repeated at the end; empty for a missing dependency. */
    private final String[] cycle; // an array, not a List, so that the exception stays serializable

    /**
     * Creates an exception.
     *
     * @param message what is wrong
     * @param cycle   the cycle's path (first component repeated at the end), or empty
     */
    public LifecycleGraphException(String message, List<String> cycle) {
        super(message, null);
        this.cycle = cycle.toArray(new String[0]);
    }

    /**
     * The cycle's path, e.g. {@code [a, b, c, a]} for a -&gt; b -&gt; c -&gt; a; empty when the problem is a
     * missing dependency.
     *
     * @return the cycle
     */
    public List<String> cycle() {
        return List.of(cycle);
    }
}
