package dev.foundation.workflow.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable state of one step of one instance, forward execution and compensation.
 *
 * @param step          the step name
 * @param state         the forward state
 * @param attempts      how many forward attempts have started
 * @param dueAt         when the next forward attempt is due ({@link StepState#WAITING}), else {@code null}
 * @param hasOutput     whether the step completed with an output (read it with
 *                      {@link WorkflowStore#output(String, String)}: outputs are never read in bulk)
 * @param selected      for a completed branching step, the successors it selected; else {@code null}
 * @param completionSeq the position of this step in the instance's completion order (1, 2, ...), or 0
 * @param error         the last forward error, or {@code null}
 * @param compState     the compensation state
 * @param compAttempts  how many compensation attempts have started
 * @param compDueAt     when the next compensation attempt is due, else {@code null}
 * @param compError     the last compensation error, or {@code null}
 */
public record StoredStep(String step, StepState state, int attempts, Instant dueAt, boolean hasOutput,
                         List<String> selected, long completionSeq, String error,
                         StepState compState, int compAttempts, Instant compDueAt, String compError) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public StoredStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(compState, "compState");
        selected = selected == null ? null : List.copyOf(selected);
    }
}
