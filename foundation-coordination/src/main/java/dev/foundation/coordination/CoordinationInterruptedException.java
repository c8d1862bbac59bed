package dev.foundation.coordination;

/**
 * The calling thread was interrupted while it waited for a lock or a distributed result. The thread's interrupt
 * flag is set again before this is thrown, so the caller can stop as it would on {@link InterruptedException}.
 */
public class CoordinationInterruptedException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param what  what the thread was waiting for
     * @param cause the interruption
     */
    public CoordinationInterruptedException(String what, InterruptedException cause) {
        super("interrupted while waiting to " + what, cause);
    }
}
