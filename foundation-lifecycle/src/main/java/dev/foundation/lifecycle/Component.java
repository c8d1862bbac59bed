package dev.foundation.lifecycle;

/**
 * Something the lifecycle starts, stops, checks and restarts: a connection pool, a server, a consumer.
 *
 * <p>Plain {@link AutoCloseable}s and start/stop method pairs are adapted by the
 * {@link LifecycleBuilder} overloads, so implementing this interface is only needed to signal crashes
 * through the {@link ComponentContext}. After a supervised restart, {@link #start(ComponentContext)} is
 * called again on the same instance (after {@link #stop()}), so a restartable component must be able to
 * start again once stopped.
 */
public interface Component {

    /**
     * Starts the component. Its dependencies are running when this is called. Must return once the
     * component is ready, within its start timeout (it is interrupted after that).
     *
     * @param context the component's link back to the lifecycle (crash signals)
     * @throws Exception if it cannot start; the whole start is then rolled back
     */
    void start(ComponentContext context) throws Exception;

    /**
     * Stops the component and releases what it holds. Called once per successful start, and also to clean
     * up after a crash. Must return within the stop timeout (it is interrupted after that).
     *
     * @throws Exception if stopping fails; logged, the shutdown goes on
     */
    void stop() throws Exception;

    /**
     * Checks the component's health; called on a schedule off the caller's thread. A component that does not
     * override this method is always healthy, and no check is scheduled for it.
     *
     * @return the result; healthy by default
     * @throws Exception counted as an unhealthy result
     */
    default Health health() throws Exception {
        return Health.healthy();
    }
}
