package dev.foundation.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A schedule trigger as registered with {@link WorkflowEngine.Builder#schedule}.
 *
 * @param name     the trigger name
 * @param schedule when it fires
 * @param workflow the workflow it starts
 * @param input    makes the input from the fire time
 */
public record ScheduleTrigger(String name, Schedule schedule, String workflow, Function<Instant, ?> input) {

    /**
     * Validates the record.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public ScheduleTrigger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(input, "input");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
    }
}
