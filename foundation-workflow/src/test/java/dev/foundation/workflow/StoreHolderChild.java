package dev.foundation.workflow;

import java.nio.file.Path;

/**
 * A child JVM of {@link StoreLockTest}: opens an engine on a SQLite file, prints {@code OPEN <pid>}, and keeps it
 * open until its standard input closes.
 */
public final class StoreHolderChild {

    /** The input of the one workflow registered. */
    public record In(int n) {
    }

    private StoreHolderChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the database file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(Path.of(args[0])))
                .register(Workflow.define("hold", In.class).step("only", ctx -> ctx.input().n()).build()).build()) {
            System.out.println("OPEN " + ProcessHandle.current().pid() + " " + engine.inFlight());
            System.out.flush();
            while (System.in.read() >= 0) {
                // held while the parent keeps stdin open
            }
        }
    }
}
