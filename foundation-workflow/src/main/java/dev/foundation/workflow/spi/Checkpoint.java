package dev.foundation.workflow.spi;

import dev.foundation.workflow.Status;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One durable change. {@link WorkflowStore#checkpoint(List)} applies a list of them in one transaction.
 */
public sealed interface Checkpoint {

    /**
     * The instance this change belongs to.
     *
     * @return the instance id
     */
    String instanceId();

    /**
     * An attempt of a step (or of its compensation) starts: append an attempt to the history and set the
     * step's state to {@link StepState#RUNNING} with {@code attempt} as its attempt count.
     *
     * @param instanceId the instance
     * @param step       the step name
     * @param kind       forward or compensation
     * @param attempt    the attempt number, from 1
     * @param at         when it started
     */
    record AttemptStarted(String instanceId, String step, AttemptKind kind, int attempt, Instant at)
            implements Checkpoint {
        /**
         * Validates the record.
         *
         * @throws NullPointerException if a component is {@code null}
         */
        public AttemptStarted {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An attempt ended: close the attempt in the history and set the step's state. The store applies it
     * only if the step is still {@link StepState#RUNNING} with the same attempt count (a fence against a
     * stale or duplicate result); otherwise the whole transaction fails with
     * {@link dev.foundation.workflow.WorkflowStoreException}.
     *
     * @param instanceId    the instance
     * @param step          the step name
     * @param kind          forward or compensation
     * @param attempt       the attempt number that ended
     * @param at            when it ended
     * @param newState      {@link StepState#COMPLETED}, {@link StepState#WAITING} (retry at {@code dueAt}) or
     *                      {@link StepState#FAILED}
     * @param output        the encoded output (forward completion only), or {@code null}
     * @param selected      the successors a branching step selected, or {@code null}
     * @param completionSeq the completion position (forward completion only), else 0
     * @param dueAt         the next attempt's due time when {@code newState} is WAITING, else {@code null}
     * @param error         the error of a failed attempt, or {@code null}
     */
    record AttemptFinished(String instanceId, String step, AttemptKind kind, int attempt, Instant at,
                           StepState newState, byte[] output, List<String> selected, long completionSeq,
                           Instant dueAt, String error) implements Checkpoint {
        /**
         * Validates the record.
         *
         * @throws NullPointerException     if a required component is {@code null}
         * @throws IllegalArgumentException if the state is not a final or waiting state
         */
        public AttemptFinished {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(newState, "newState");
            if (newState == StepState.NONE || newState == StepState.RUNNING) {
                throw new IllegalArgumentException("newState must be COMPLETED, WAITING or FAILED but was "
                        + newState);
            }
            if (newState == StepState.WAITING) {
                Objects.requireNonNull(dueAt, "dueAt");
            }
            selected = selected == null ? null : List.copyOf(selected);
        }
    }

    /**
     * The instance's status (and error) changes.
     *
     * @param instanceId the instance
     * @param status     the new status
     * @param error      the failure description, or {@code null}
     * @param at         when
     */
    record StatusChanged(String instanceId, Status status, String error, Instant at) implements Checkpoint {
        /**
         * Validates the record.
         *
         * @throws NullPointerException if a required component is {@code null}
         */
        public StatusChanged {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A cancellation was requested; it survives a restart.
     *
     * @param instanceId the instance
     * @param at         when
     */
    record CancelRequested(String instanceId, Instant at) implements Checkpoint {
        /**
         * Validates the record.
         *
         * @throws NullPointerException if a component is {@code null}
         */
        public CancelRequested {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(at, "at");
        }
    }
}
