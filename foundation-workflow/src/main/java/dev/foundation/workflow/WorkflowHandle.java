package dev.foundation.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A handle on one workflow instance. */
public interface WorkflowHandle {

    /**
     * The instance id.
     *
     * @return the id
     */
    String id();

    /**
     * The idempotency key the instance was started with.
     *
     * @return the key
     */
    String idempotencyKey();

    /**
     * The instance's current state, read from the store.
     *
     * @return the snapshot
     */
    InstanceInfo info();

    /**
     * Waits until the instance ends (COMPLETED, FAILED, COMPENSATED or CANCELLED).
     *
     * @param timeout how long to wait
     * @return the final snapshot
     * @throws WorkflowTimeoutException if it has not ended in time (it keeps running)
     */
    InstanceInfo result(Duration timeout);

    /**
     * The stored output of a completed step, decoded as JSON.
     *
     * @param step the step name
     * @param type the output type
     * @param <T>  the output type
     * @return the output, or empty if the step has not completed or returned nothing
     */
    <T> Optional<T> output(String step, Class<T> type);

    /**
     * Every attempt of every step and compensation, in start order, with timings and errors.
     *
     * @return the history
     */
    List<StepAttempt> history();

    /**
     * Cancels the instance: running steps are interrupted, then completed steps are compensated and the
     * instance ends CANCELLED (or FAILED if a compensation fails). The request is stored, so it survives a
     * restart. In {@link ClusterOptions cluster mode} only the node running the instance can cancel it: on
     * any other node this returns {@code false}.
     *
     * @return {@code true} if the instance was running and is now being cancelled
     */
    boolean cancel();
}
