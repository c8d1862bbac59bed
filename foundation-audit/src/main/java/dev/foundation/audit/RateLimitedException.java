package dev.foundation.audit;

/**
 * An identity exceeded its rate limit ({@link IdentityRateLimiter#execute}). The caller should back off.
 */
public class RateLimitedException extends AuditException {

    private static final long serialVersionUID = 1L;

    /** The identity. */
    private final String identity;

    /**
     * Creates an exception.
     *
     * @param identity the identity
     * @param message  what happened
     */
    public RateLimitedException(String identity, String message) {
        super(message);
        this.identity = identity;
    }

    /**
     * The identity that was rejected.
     *
     * @return the identity
     */
    public String identity() {
        return identity;
    }
}
