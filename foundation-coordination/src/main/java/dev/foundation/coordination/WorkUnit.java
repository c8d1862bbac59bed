package dev.foundation.coordination;

import java.util.Objects;

/**
 * One unit of a distributed task. The id is unique within the task and is handed to the function on every
 * attempt, so a function that may run twice (its first member died after doing some of the work) can make its
 * effect idempotent, e.g. by writing under the unit id.
 *
 * <p>On the Hazelcast backend the payload travels to another member: it must be something Hazelcast serializes
 * (a {@code String}, boxed primitive, {@code byte[]}, or a {@code DataSerializable}/Compact type).
 *
 * @param id      the unit's id, unique within one {@code distribute} call; not blank
 * @param payload the unit's input
 * @param <T>     the payload type
 */
public record WorkUnit<T>(String id, T payload) {

    /**
     * Validates the fields.
     *
     * @param id      the unit id
     * @param payload the payload
     */
    public WorkUnit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank but was '" + id + "'");
        }
    }
}
