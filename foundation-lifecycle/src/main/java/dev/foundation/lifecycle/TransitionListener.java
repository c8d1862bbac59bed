package dev.foundation.lifecycle;

/**
 * Told about every {@link Stage} change of every component, on the thread that made the change, in order
 * for any one component. Must be quick and must not call back into the lifecycle's start or close;
 * an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface TransitionListener {

    /**
     * Called after a component changed stage.
     *
     * @param transition what changed
     */
    void onTransition(Transition transition);
}
