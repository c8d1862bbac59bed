package dev.foundation.lifecycle;

/**
 * Told about every {@link Stage} change of every component, in order for any one component, on the thread that
 * made the change, or on one that was already telling the listeners about an earlier change of the same
 * component (it then tells this one after that one). Must be quick and must not call back into the lifecycle's
 * start or close; an exception it throws is logged and ignored.
 *
 * <p>A listener runs without any lock of the lifecycle held: it may read the lifecycle ({@link Lifecycle#health()},
 * {@link Lifecycle#stage(String)}) and may wait for another thread that uses it, for example a component's thread
 * reporting a crash through its {@link ComponentContext}. The stage a listener reads may already be a later one
 * than the transition it is being told about.
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
