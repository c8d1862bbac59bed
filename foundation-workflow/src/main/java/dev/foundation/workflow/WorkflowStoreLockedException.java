package dev.foundation.workflow;

/**
 * The embedded store's file is already open in another engine (in this process or another one): one engine per
 * SQLite file. The message names the holder's process id; close that engine or stop that process, or give this
 * engine a file of its own.
 */
public class WorkflowStoreLockedException extends WorkflowStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is locked, by whom, and what to do
     */
    public WorkflowStoreLockedException(String message) {
        super(message);
    }
}
