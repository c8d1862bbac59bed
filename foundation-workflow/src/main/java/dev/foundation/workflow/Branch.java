package dev.foundation.workflow;

import java.util.List;
import java.util.Objects;

/**
 * What a branching step returns to choose which of its direct successors run: the chosen ones run (once
 * their other predecessors are done), the others are skipped, and so are steps that only follow skipped
 * steps. A step after a join runs if at least one of its predecessors completed and none failed.
 *
 * <pre>{@code
 * .step("check", ctx -> ctx.input().express() ? Branch.to("express") : Branch.to("standard"))
 * }</pre>
 *
 * <p>The choice is stored with the step's completion, so a restart takes the same branch.
 */
public final class Branch {

    private final List<String> successors;
    private final Object output;

    private Branch(List<String> successors, Object output) {
        this.successors = successors;
        this.output = output;
    }

    /**
     * Chooses successors.
     *
     * @param successors names of direct successors of the returning step (none: skip them all)
     * @return the branch
     */
    public static Branch to(String... successors) {
        Objects.requireNonNull(successors, "successors");
        for (String s : successors) {
            Objects.requireNonNull(s, "successor");
        }
        return new Branch(List.of(successors), null);
    }

    /**
     * Adds the step's output, stored like a plain step's return value.
     *
     * @param value the output
     * @return a new branch
     */
    public Branch withOutput(Object value) {
        return new Branch(successors, Objects.requireNonNull(value, "value"));
    }

    /**
     * The chosen successors.
     *
     * @return the names
     */
    public List<String> successors() {
        return successors;
    }

    /**
     * The step's output.
     *
     * @return the output, or {@code null}
     */
    public Object output() {
        return output;
    }

    @Override
    public String toString() {
        return "Branch" + successors;
    }
}
