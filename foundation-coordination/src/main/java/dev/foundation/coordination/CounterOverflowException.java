package dev.foundation.coordination;

/**
 * A {@link Counter} update would move the value past {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}; the
 * counter is left unchanged (like {@link Math#addExact}, it never wraps around).
 */
public class CounterOverflowException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param counter the counter's name
     * @param delta   the rejected delta
     */
    public CounterOverflowException(String counter, long delta) {
        super("adding " + delta + " to counter '" + counter + "' would overflow a long (range "
                + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "); the counter is unchanged", null);
    }
}
