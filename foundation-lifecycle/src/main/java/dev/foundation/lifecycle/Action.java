package dev.foundation.lifecycle;

/** A piece of work that may throw: a component's start or stop, or a shutdown hook. */
@FunctionalInterface
public interface Action {

    /**
     * Runs the action.
     *
     * @throws Exception whatever the action fails with; the lifecycle logs and reports it
     */
    void run() throws Exception;
}
