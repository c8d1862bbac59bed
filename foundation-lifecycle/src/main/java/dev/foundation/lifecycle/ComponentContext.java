package dev.foundation.lifecycle;

/**
 * Given to a {@link Component} when it starts: the way it tells its supervisor that it died.
 * A context belongs to one start of one component: once the component has been restarted, signals
 * through an older context are ignored.
 */
public interface ComponentContext {

    /**
     * The component's name.
     *
     * @return the name
     */
    String name();

    /**
     * Signals that the component crashed (for example its background thread died). The supervisor then
     * applies the component's {@link RestartPolicy} and the application's {@link Supervision} strategy.
     * Returns at once; the restart happens on the supervisor's thread.
     *
     * @param cause why it crashed, not null
     */
    void crashed(Throwable cause);

    /**
     * Signals that the component finished its work normally. Only a {@link RestartPolicy#PERMANENT}
     * component is restarted after a normal exit; others become {@link Stage#STOPPED}.
     */
    void exited();
}
