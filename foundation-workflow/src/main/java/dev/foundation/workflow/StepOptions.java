package dev.foundation.workflow;

import dev.foundation.core.Codec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The options of one step while a definition is being built: predecessors, retry, timeout, compensation,
 * output codec.
 * Each setter validates its argument at once.
 *
 * @param <I> the workflow's input type
 */
public final class StepOptions<I> {

    private final List<String> after = new ArrayList<>();
    private Retry retry = Retry.none();
    private Duration timeout;
    private Compensation<I> compensation;
    private Retry compensationRetry;
    private CompensateWhen compensateWhen = CompensateWhen.ATTEMPTED;
    private Codec<?> outputCodec;

    StepOptions() {
    }

    /**
     * The steps this one comes after: it runs once all of them are done.
     *
     * @param steps step names
     * @return this
     */
    public StepOptions<I> after(String... steps) {
        Objects.requireNonNull(steps, "steps");
        for (String s : steps) {
            after.add(Objects.requireNonNull(s, "step"));
        }
        return this;
    }

    /**
     * The retry policy (default {@link Retry#none()}).
     *
     * @param value the policy
     * @return this
     */
    public StepOptions<I> retry(Retry value) {
        this.retry = Objects.requireNonNull(value, "retry");
        return this;
    }

    /**
     * The timeout of one attempt: a longer attempt is interrupted and fails with {@link StepTimeoutException}.
     *
     * @param value a positive duration
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public StepOptions<I> timeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0 but was " + value);
        }
        this.timeout = value;
        return this;
    }

    /**
     * How to undo this step if the instance later fails, times out or is cancelled; the compensation is retried
     * with the step's retry policy. By default it runs for every attempted step ({@link CompensateWhen#ATTEMPTED}),
     * including one that failed for good or timed out after it may have had its effect.
     *
     * @param value the compensation
     * @return this
     */
    public StepOptions<I> compensateWith(Compensation<I> value) {
        this.compensation = Objects.requireNonNull(value, "compensation");
        return this;
    }

    /**
     * How to undo this step, with its own retry policy for the compensation.
     *
     * @param value the compensation
     * @param retry how the compensation is retried (default: the step's retry policy)
     * @return this
     */
    public StepOptions<I> compensateWith(Compensation<I> value, Retry retry) {
        this.compensation = Objects.requireNonNull(value, "compensation");
        this.compensationRetry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    /**
     * Which outcomes of this step its compensation undoes (default {@link CompensateWhen#ATTEMPTED}: every step
     * whose body started, completed or not; {@link CompensateWhen#COMPLETED}: only completed steps).
     *
     * @param value when to compensate
     * @return this
     */
    public StepOptions<I> compensateWhen(CompensateWhen value) {
        this.compensateWhen = Objects.requireNonNull(value, "compensateWhen");
        return this;
    }

    /**
     * The codec this step's output is stored with (default: JSON of the returned value's class). The step must
     * return values of the codec's type (a value it cannot encode fails the step for good); later steps and
     * {@link WorkflowHandle#output(String, Class)} read the output back through it. Keep a version's codec
     * unchanged while its instances run: stored outputs are decoded with the registered definition's codec.
     * The codec encodes an output on the thread that ran the step, before the engine takes the instance's lock,
     * so it may use the engine and the instance or wait for a thread that does.
     *
     * @param codec the codec
     * @return this
     */
    public StepOptions<I> outputCodec(Codec<?> codec) {
        this.outputCodec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    StepDefinition<I> toDefinition(String name, StepFunction<I> function) {
        return new StepDefinition<>(name, function, List.copyOf(after), retry, timeout, compensation,
                compensationRetry == null ? retry : compensationRetry, compensateWhen, outputCodec);
    }

    @Override
    public String toString() {
        return "StepOptions[after=" + Arrays.toString(after.toArray()) + ", retry=" + retry + ", timeout=" + timeout
                + "]";
    }
}
