package dev.foundation.workflow.spi;

import dev.foundation.workflow.Status;
import java.time.Instant;
import java.util.Objects;

/**
 * One workflow instance as the store holds it.
 *
 * @param id              the instance id (unique)
 * @param workflow        the definition's name
 * @param version         the definition version the instance started with
 * @param idempotencyKey  the start key (unique across the store)
 * @param status          the current status
 * @param input           the encoded input, stored before any step runs
 * @param createdAt       when the instance was created
 * @param updatedAt       when it last changed
 * @param deadline        when the whole workflow times out, or {@code null} for no workflow timeout
 * @param cancelRequested whether a cancellation was requested
 * @param error           the failure description, or {@code null}
 * @param fingerprint     the fingerprint of the definition the instance started with, or {@code null} if it was
 *                        stored without one (by an older engine)
 */
public record StoredInstance(String id, String workflow, int version, String idempotencyKey, Status status,
                             byte[] input, Instant createdAt, Instant updatedAt, Instant deadline,
                             boolean cancelRequested, String error, String fingerprint) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public StoredInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
