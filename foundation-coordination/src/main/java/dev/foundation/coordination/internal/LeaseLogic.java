package dev.foundation.coordination.internal;

/**
 * The state transitions of a {@link LeaseRecord}, shared by both backends so they behave the same. Each function
 * takes the current record ({@code null} if none) and returns the decision plus the record to store
 * ({@code null} if unchanged). Pure: the caller supplies the store's clock reading.
 */
public final class LeaseLogic {

    /** Tokens per millisecond of clock floor used when a record is missing (see {@link #firstToken}). */
    static final long TOKENS_PER_MILLI = 1000;

    private LeaseLogic() {
    }

    /**
     * The outcome of a transition.
     *
     * @param result  the operation's answer: a token ({@code > 0}) or 0 for grants; 1 or 0 for renew/release
     * @param updated the record to store, or {@code null} to leave it unchanged
     */
    public record Step(long result, LeaseRecord updated) {
    }

    /**
     * Grants the lease to {@code owner} if it is free, or expired for longer than the safety margin (a new, higher
     * token), or extends it if {@code owner} already holds it (same token: a retried grant is idempotent);
     * otherwise refuses. The margin is {@code marginRate} times the longer of the holder's lease and the requested
     * one: a lease that expired on this store's clock is not handed to someone else until the margin has passed
     * too, so a store whose clock runs ahead of the holder's (a new partition owner after a migration) does not
     * grant while the holder still believes in its lease.
     *
     * @param current     the stored record or {@code null}
     * @param owner       the requesting owner
     * @param nowMillis   the store's clock
     * @param leaseMillis the lease length
     * @param marginRate  the safety margin as a fraction of the lease, {@code >= 0}
     * @return the token granted, or 0 if refused
     */
    public static Step acquire(LeaseRecord current, String owner, long nowMillis, long leaseMillis,
                               double marginRate) {
        if (current != null && current.owner() != null) {
            if (owner.equals(current.owner()) && current.isHeld(nowMillis)) {
                return new Step(current.token(),
                        new LeaseRecord(owner, current.token(), nowMillis + leaseMillis, leaseMillis));
            }
            if (!owner.equals(current.owner())
                    && nowMillis < current.expiresAtMillis() + margin(current, leaseMillis, marginRate)) {
                return new Step(0, null);
            }
        }
        long token = current == null ? clockFloor(nowMillis) : Math.max(current.token() + 1, clockFloor(nowMillis));
        return new Step(token, new LeaseRecord(owner, token, nowMillis + leaseMillis, leaseMillis));
    }

    /**
     * The safety margin after expiry during which {@link #acquire} still refuses others.
     *
     * @param current     the stored record
     * @param leaseMillis the requested lease
     * @param marginRate  the fraction
     * @return the margin in milliseconds
     */
    static long margin(LeaseRecord current, long leaseMillis, double marginRate) {
        return (long) Math.ceil(Math.max(current.leaseMillis(), leaseMillis) * marginRate);
    }

    /**
     * Extends the lease if {@code owner} still holds it with {@code token} and it has not expired.
     *
     * @param current     the stored record or {@code null}
     * @param owner       the owner
     * @param token       the token of its grant
     * @param nowMillis   the store's clock
     * @param leaseMillis the new lease length from now
     * @return 1 if renewed, 0 if the lease was lost
     */
    public static Step renew(LeaseRecord current, String owner, long token, long nowMillis, long leaseMillis) {
        if (current == null || !current.isHeld(nowMillis) || !owner.equals(current.owner())
                || current.token() != token) {
            return new Step(0, null);
        }
        return new Step(1, new LeaseRecord(owner, token, nowMillis + leaseMillis, leaseMillis));
    }

    /**
     * Frees the lease if {@code owner} holds it with {@code token} (expired or not), keeping the token.
     *
     * @param current the stored record or {@code null}
     * @param owner   the owner
     * @param token   the token of its grant
     * @return 1 if released, 0 if it was not the owner
     */
    public static Step release(LeaseRecord current, String owner, long token) {
        if (current == null || !owner.equals(current.owner()) || current.token() != token) {
            return new Step(0, null);
        }
        return new Step(1, new LeaseRecord(null, token, 0));
    }

    /**
     * Frees the lease if its owner id starts with {@code ownerPrefix} (the owner's member died).
     *
     * @param current     the stored record or {@code null}
     * @param ownerPrefix the dead member's owner-id prefix
     * @return 1 if released, 0 otherwise
     */
    public static Step releaseOwnedBy(LeaseRecord current, String ownerPrefix) {
        if (current == null || current.owner() == null || !current.owner().startsWith(ownerPrefix)) {
            return new Step(0, null);
        }
        return new Step(1, new LeaseRecord(null, current.token(), 0));
    }

    /**
     * The lowest token a grant at {@code nowMillis} may carry: tokens are hybrid, the larger of "last token + 1"
     * and the store's clock in milliseconds times {@value #TOKENS_PER_MILLI}. So even if the record of an earlier
     * grant is lost (its partition owner died before the backup had it, or owner and backup died together), a
     * later grant still gets a higher token, provided the members' clocks differ by less than the time between the
     * two grants and fewer than {@value #TOKENS_PER_MILLI} grants of one name happen per millisecond.
     *
     * @param nowMillis the store's clock
     * @return the floor, {@code >= 1}
     */
    static long clockFloor(long nowMillis) {
        return Math.max(1, nowMillis) * TOKENS_PER_MILLI;
    }
}
