package dev.foundation.workflow;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one workflow instance, as queries and {@link WorkflowHandle#result(java.time.Duration)}
 * return it.
 *
 * @param id             the instance id
 * @param workflow       the definition name
 * @param version        the definition version the instance runs with
 * @param idempotencyKey the key it was started with
 * @param status         its status
 * @param createdAt      when it was created
 * @param updatedAt      when it last changed
 * @param error          why it failed, was compensated or cancelled; {@code null} otherwise
 */
public record InstanceInfo(String id, String workflow, int version, String idempotencyKey, Status status,
                           Instant createdAt, Instant updatedAt, String error) {

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public InstanceInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
