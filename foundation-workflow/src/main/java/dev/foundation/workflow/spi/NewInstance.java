package dev.foundation.workflow.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An instance to create: the input is stored before anything runs.
 *
 * @param id             the new instance id
 * @param workflow       the definition name
 * @param version        the definition version
 * @param idempotencyKey the unique start key
 * @param input          the encoded input
 * @param createdAt      the creation time
 * @param deadline       the workflow deadline, or {@code null}
 * @param fingerprint    the definition's {@link dev.foundation.workflow.WorkflowDefinition#fingerprint()}, or
 *                       {@code null} if unknown
 */
public record NewInstance(String id, String workflow, int version, String idempotencyKey, byte[] input,
                          Instant createdAt, Instant deadline, String fingerprint) {

    /**
     * An instance without a definition fingerprint.
     *
     * @param id             the new instance id
     * @param workflow       the definition name
     * @param version        the definition version
     * @param idempotencyKey the unique start key
     * @param input          the encoded input
     * @param createdAt      the creation time
     * @param deadline       the workflow deadline, or {@code null}
     */
    public NewInstance(String id, String workflow, int version, String idempotencyKey, byte[] input,
                       Instant createdAt, Instant deadline) {
        this(id, workflow, version, idempotencyKey, input, createdAt, deadline, null);
    }

    /**
     * Validates the record.
     *
     * @throws NullPointerException if a required component is {@code null}
     */
    public NewInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
