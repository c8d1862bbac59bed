package dev.foundation.federation;

/**
 * No pool could take the call: every member is draining, ejected, behind an open circuit breaker or saturated
 * (its bulkhead full), or the federation has no members. Nothing ran. Retrying later may succeed once a pool is
 * re-admitted or added.
 */
public class NoPoolAvailableException extends FederationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what happened and to which federation
     */
    public NoPoolAvailableException(String message) {
        super(message, null);
    }
}
