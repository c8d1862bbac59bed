package dev.foundation.workflow;

import dev.foundation.workflow.spi.AttemptKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a step or of its compensation, from an instance's history.
 *
 * @param instanceId the instance
 * @param step       the step name
 * @param kind       forward step or compensation
 * @param attempt    the attempt number, from 1
 * @param startedAt  when it started
 * @param finishedAt when it ended, or {@code null} if it never reported (still running, or the process died)
 * @param outcome    {@code "COMPLETED"}, {@code "FAILED"} (no retry), {@code "RETRY"} (another attempt was
 *                   scheduled) or {@code null} while unfinished
 * @param error      the error of a failed attempt, or {@code null}
 */
public record StepAttempt(String instanceId, String step, AttemptKind kind, int attempt, Instant startedAt,
                          Instant finishedAt, String outcome, String error) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public StepAttempt {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * How long the attempt took.
     *
     * @return the duration, or {@code null} if it never finished
     */
    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
