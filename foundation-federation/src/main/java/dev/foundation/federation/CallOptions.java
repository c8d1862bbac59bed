package dev.foundation.federation;

import java.util.Objects;

/**
 * How one call is run: whether it is idempotent, and the caller's locality. Immutable.
 *
 * <p>An idempotent call that fails may be repeated on another pool, up to the federation's
 * {@link FederationBuilder#maxAttempts max attempts}. A call that is not idempotent runs at most once, though it
 * still moves to another pool when its first pick turns it away before running it (breaker open, bulkhead full,
 * pool drained meanwhile).
 */
public final class CallOptions {

    private static final CallOptions DEFAULTS = new CallOptions(false, null);
    private static final CallOptions IDEMPOTENT = new CallOptions(true, null);

    private final boolean idempotent;
    private final String locality;

    private CallOptions(boolean idempotent, String locality) {
        this.idempotent = idempotent;
        this.locality = locality;
    }

    /**
     * Not idempotent, the federation's locality.
     *
     * @return the options
     */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Idempotent, the federation's locality.
     *
     * @return the options
     */
    public static CallOptions idempotent() {
        return IDEMPOTENT;
    }

    /**
     * These options with the caller's locality set for this call.
     *
     * @param locality not blank, or {@code null} for the federation's {@link FederationBuilder#locality default}
     * @return new options
     * @throws IllegalArgumentException if the locality is blank
     */
    public CallOptions withLocality(String locality) {
        if (locality != null && locality.isBlank()) {
            throw new IllegalArgumentException("locality must be null or not blank but was '" + locality + "'");
        }
        return new CallOptions(idempotent, locality);
    }

    /**
     * Whether a failed attempt may be repeated on another pool.
     *
     * @return true for an idempotent call
     */
    public boolean isIdempotent() {
        return idempotent;
    }

    /**
     * The caller's locality for this call.
     *
     * @return the locality, or {@code null} for the federation's default
     */
    public String locality() {
        return locality;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOptions c && c.idempotent == idempotent && Objects.equals(c.locality, locality);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(idempotent) * 31 + Objects.hashCode(locality);
    }

    @Override
    public String toString() {
        return "CallOptions[idempotent=" + idempotent + ", locality=" + locality + "]";
    }
}
