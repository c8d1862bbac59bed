package dev.foundation.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child JVM of {@link ResumeMemoryIT}, run with a small heap: resumes the instances of {@link #definition} a
 * previous engine left in flight on a SQLite file (their completed steps have large outputs), waits for them, then
 * runs one instance of a workflow whose step exhausts the heap. Prints {@code RESUMED <status>...} and
 * {@code OOM <status> <error>}.
 *
 * <p>Arguments: the database file.
 */
public final class ResumeChild {

    /** The input. */
    public record In(int n) {
    }

    /** Characters in each large output. */
    static final int OUTPUT_CHARS = 4 << 20;

    private ResumeChild() {
    }

    /** Three steps with 4 MiB outputs, then {@code last}, which reads them one by one. */
    static WorkflowDefinition<In> definition(StepFunction<In> last) {
        StepFunction<In> big = ctx -> String.valueOf((char) ('a' + ctx.input().n() % 26)).repeat(OUTPUT_CHARS);
        return Workflow.define("big", In.class)
                .step("s1", big)
                .step("s2", big)
                .step("s3", big)
                .step("last", last, s -> s.after("s1", "s2", "s3"))
                .build();
    }

    /**
     * Runs the child.
     *
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        StepFunction<In> last = ctx -> {
            long total = 0;
            for (String s : List.of("s1", "s2", "s3")) {
                total += ctx.output(s, String.class).length();
            }
            return total;
        };
        WorkflowDefinition<In> hog = Workflow.define("hog", In.class)
                .step("allocate", ctx -> new long[(int) Math.min(Integer.MAX_VALUE - 16,
                        Runtime.getRuntime().maxMemory() / 4)].length)
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(Path.of(args[0])))
                .register(definition(last)).register(hog).parallelism(1).build()) {
            StringBuilder out = new StringBuilder("RESUMED");
            for (InstanceInfo i : engine.query(Query.all().name("big"))) {
                out.append(' ').append(engine.instance(i.id()).orElseThrow().result(Duration.ofMinutes(2)).status());
            }
            System.out.println(out);
            InstanceInfo oom = engine.start("hog", new In(0)).result(Duration.ofMinutes(1));
            System.out.println("OOM " + oom.status() + " " + oom.error());
            System.out.flush();
        }
    }
}
