package dev.foundation.benchmarks.workflow;

import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload of the workflow benchmarks (here and in {@code workflowcluster}): workflow "five", a chain of
 * five no-op steps {@code s1 -> ... -> s5}, each returning its input plus its number, and a context to call the
 * same functions plainly.
 */
public final class FiveSteps {

    /** The number of steps. */
    public static final int STEPS = 5;

    private FiveSteps() {
    }

    /**
     * The workflow input.
     *
     * @param n a sequence number
     */
    public record Input(int n) {
    }

    /**
     * The five step functions, in order.
     *
     * @return the functions
     */
    public static List<StepFunction<Input>> functions() {
        List<StepFunction<Input>> functions = new ArrayList<>();
        for (int i = 1; i <= STEPS; i++) {
            int step = i;
            functions.add(ctx -> ctx.input().n() + step);
        }
        return functions;
    }

    /**
     * The workflow "five" over {@link #functions()}.
     *
     * @return the definition
     */
    public static WorkflowDefinition<Input> definition() {
        List<StepFunction<Input>> functions = functions();
        WorkflowDefinition.Builder<Input> b = Workflow.define("five", Input.class);
        b.step("s1", functions.get(0));
        for (int i = 2; i <= STEPS; i++) {
            int previous = i - 1;
            b.step("s" + i, functions.get(i - 1), s -> s.after("s" + previous));
        }
        return b.build();
    }

    /**
     * A minimal context for calling step functions outside the engine.
     *
     * @param input the input
     */
    public record PlainContext(Input input) implements dev.foundation.workflow.StepContext<Input> {
        @Override
        public String instanceId() {
            return "plain";
        }

        @Override
        public String workflow() {
            return "five";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public String stepName() {
            return "s";
        }

        @Override
        public String idempotencyKey() {
            return "plain:s";
        }

        @Override
        public String stepIdempotencyKey() {
            return "plain:s";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public boolean isCompensation() {
            return false;
        }

        @Override
        public <T> T output(String step, Class<T> type) {
            throw new UnsupportedOperationException("no stored outputs outside the engine");
        }

        @Override
        public <T> java.util.Optional<T> findOutput(String step, dev.foundation.core.Codec<T> codec) {
            return java.util.Optional.empty();
        }
    }
}
