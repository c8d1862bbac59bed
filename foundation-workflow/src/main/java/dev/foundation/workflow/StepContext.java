package dev.foundation.workflow;

import dev.foundation.core.Codec;
import java.util.Optional;

/**
 * What a running step (or compensation) sees: the instance input, earlier steps' outputs by name, and a
 * stable idempotency key to pass to external systems.
 *
 * @param <I> the workflow's input type
 */
public interface StepContext<I> {

    /**
     * The instance id.
     *
     * @return the id
     */
    String instanceId();

    /**
     * The workflow definition name.
     *
     * @return the name
     */
    String workflow();

    /**
     * The definition version this instance runs with.
     *
     * @return the version
     */
    int version();

    /**
     * The running step's name.
     *
     * @return the step name
     */
    String stepName();

    /**
     * A key that is the same for every attempt of this step of this instance, before and after a restart:
     * {@code instanceId + ":" + stepName} (compensations add {@code ":compensate"}). Pass it to external
     * systems so a re-run after a crash is recognised as the same request.
     *
     * @return the idempotency key
     */
    String idempotencyKey();

    /**
     * The idempotency key of the step itself, {@code instanceId + ":" + stepName}: in a step the same as
     * {@link #idempotencyKey()}; in a compensation, the key the step's attempts used, to find what they did (a
     * step compensated after it failed or timed out has no output, but may have had its effect).
     *
     * @return the step's idempotency key
     */
    String stepIdempotencyKey();

    /**
     * The attempt number, from 1; counts attempts before a restart too.
     *
     * @return the attempt
     */
    int attempt();

    /**
     * Whether this is a compensation rather than the step itself.
     *
     * @return {@code true} inside a compensation
     */
    boolean isCompensation();

    /**
     * The instance input.
     *
     * @return the decoded input
     */
    I input();

    /**
     * The output of a completed step, decoded as JSON into a type.
     *
     * @param step the step name
     * @param type the output type
     * @param <T>  the output type
     * @return the output
     * @throws WorkflowException if the step has not completed or returned nothing, or the output does not decode
     */
    <T> T output(String step, Class<T> type);

    /**
     * The output of a completed step, decoded with a codec.
     *
     * @param step  the step name
     * @param codec the codec its output was encoded with
     * @param <T>   the output type
     * @return the output, or empty if the step has not completed or returned nothing
     * @throws dev.foundation.core.CodecException if the stored output does not decode
     */
    <T> Optional<T> findOutput(String step, Codec<T> codec);
}
