package dev.foundation.workflow;

import dev.foundation.core.Codecs;

/**
 * The entry point for defining workflows.
 *
 * <pre>{@code
 * WorkflowDefinition<OrderInput> fulfil = Workflow.define("fulfil-order", OrderInput.class).version(1)
 *     .step("reserve", ctx -> inventory.reserve(ctx.input()), s -> s.retry(Retry.exponential(
 *             Duration.ofMillis(100), 2.0, 5)).timeout(Duration.ofSeconds(10)).compensateWith(c -> ...))
 *     .step("charge", ctx -> payments.charge(...), s -> s.after("reserve").compensateWith(...))
 *     .step("email",  ctx -> mail.send(...),       s -> s.after("reserve"))   // parallel with charge
 *     .step("ship",   ctx -> shipping.ship(...),   s -> s.after("charge", "email"))
 *     .build();                                                          // rejects cycles, unknown steps
 * }</pre>
 */
public final class Workflow {

    private Workflow() {
    }

    /**
     * Starts a definition whose input is stored as JSON ({@link Codecs#json(Class)}).
     *
     * @param name      the workflow name, non-blank
     * @param inputType the input class
     * @param <I>       the input type
     * @return a builder
     * @throws IllegalArgumentException if the name is blank
     */
    public static <I> WorkflowDefinition.Builder<I> define(String name, Class<I> inputType) {
        return new WorkflowDefinition.Builder<>(name, Codecs.json(inputType));
    }
}
