package dev.foundation.federation;

import java.util.List;

/**
 * Every attempt of a call failed. The cause is the last attempt's failure; earlier attempts' failures are
 * attached as suppressed exceptions. {@link #pools()} names the pools tried, in order.
 */
public class FederationCallException extends FederationException {

    private static final long serialVersionUID = 1L;

    /** The pools tried, in order (an array: a serializable exception keeps serializable fields). */
    private final String[] pools;

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param pools   the pools tried, in order
     * @param cause   the last attempt's failure
     */
    public FederationCallException(String message, List<String> pools, Throwable cause) {
        super(message, cause);
        this.pools = pools.toArray(new String[0]);
    }

    /**
     * The pools tried, in the order of the attempts.
     *
     * @return the pool names
     */
    public List<String> pools() {
        return List.of(pools);
    }
}
