package dev.foundation.spring;

import dev.foundation.workflow.WorkflowEngine;

/**
 * Adds to the {@code WorkflowEngine} the starter builds: schedules, event triggers, a clock, cluster options.
 * Declare it as a bean. ({@code WorkflowDefinition} beans are registered without one.)
 */
@FunctionalInterface
public interface WorkflowEngineCustomizer {

    /**
     * Customizes the builder before it builds.
     *
     * @param builder the builder, with the store, the meter registry and the definitions already set
     */
    void customize(WorkflowEngine.Builder builder);
}
