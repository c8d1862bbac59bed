package dev.foundation.workflow;

import dev.foundation.core.Codec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link WorkflowDefinition}.
 *
 * @param name         the step name, unique in its definition
 * @param function     the step body
 * @param after        the predecessors
 * @param retry        the retry policy
 * @param timeout      the per-attempt timeout, or {@code null} for none
 * @param compensation the compensation, or {@code null} if the step needs no undo
 * @param compensationRetry the retry policy of the compensation
 * @param compensateWhen which outcomes of the step its compensation undoes (default
 *                     {@link CompensateWhen#ATTEMPTED})
 * @param outputCodec  the codec the step's output is stored with, or {@code null} for JSON of the value's class
 *                     (see {@link StepOptions#outputCodec(Codec)})
 * @param <I>          the workflow's input type
 */
public record StepDefinition<I>(String name, StepFunction<I> function, List<String> after, Retry retry,
                                Duration timeout, Compensation<I> compensation, Retry compensationRetry,
                                CompensateWhen compensateWhen, Codec<?> outputCodec) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public StepDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        after = List.copyOf(after);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(compensationRetry, "compensationRetry");
        Objects.requireNonNull(compensateWhen, "compensateWhen");
    }

    /**
     * A step whose output is stored as JSON of the value's class.
     *
     * @param name              the step name
     * @param function          the step body
     * @param after             the predecessors
     * @param retry             the retry policy
     * @param timeout           the per-attempt timeout, or {@code null}
     * @param compensation      the compensation, or {@code null}
     * @param compensationRetry the retry policy of the compensation
     * @param compensateWhen    which outcomes the compensation undoes
     */
    public StepDefinition(String name, StepFunction<I> function, List<String> after, Retry retry, Duration timeout,
                          Compensation<I> compensation, Retry compensationRetry, CompensateWhen compensateWhen) {
        this(name, function, after, retry, timeout, compensation, compensationRetry, compensateWhen, null);
    }
}
