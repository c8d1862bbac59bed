package dev.foundation.audit;

/** How an audited operation ended. */
public enum Outcome {
    /** The operation was allowed and succeeded. */
    SUCCESS,
    /** The operation was allowed but failed. */
    FAILURE,
    /** An access policy denied the operation. */
    DENIED,
    /** A rate limit rejected the operation. */
    RATE_LIMITED
}
