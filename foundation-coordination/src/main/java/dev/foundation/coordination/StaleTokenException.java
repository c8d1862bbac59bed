package dev.foundation.coordination;

/**
 * A {@link FencedResource} refused a write because its fencing token is lower than one it has already accepted:
 * the writer's lock lease or leadership term was superseded (it expired, or its member was declared dead).
 * The writer must stop, reacquire the lock, and re-read the state before writing again.
 */
public class StaleTokenException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /** The rejected token. */
    private final long token;
    /** The highest token the resource had accepted. */
    private final long highestAccepted;

    /**
     * Creates an exception.
     *
     * @param resource        the resource's name
     * @param token           the rejected token
     * @param highestAccepted the highest token accepted so far
     */
    public StaleTokenException(String resource, long token, long highestAccepted) {
        super("resource '" + resource + "' rejected fencing token " + token + " because token " + highestAccepted
                + " was already accepted; the lease or term behind this write is no longer current: reacquire it");
        this.token = token;
        this.highestAccepted = highestAccepted;
    }

    /**
     * The rejected token.
     *
     * @return the token the writer presented
     */
    public long token() {
        return token;
    }

    /**
     * The highest token the resource had accepted when it rejected this one.
     *
     * @return the highest accepted token
     */
    public long highestAccepted() {
        return highestAccepted;
    }
}
