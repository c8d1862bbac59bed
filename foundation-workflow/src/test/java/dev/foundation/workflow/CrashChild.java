package dev.foundation.workflow;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child JVM of {@link WorkflowCrashIT}: opens the engine on a SQLite file (resuming whatever a previous,
 * killed child left), starts N instances by idempotency key (existing keys return the existing instance),
 * and waits for all of them. Every step appends {@code key step idempotencyKey attempt} to a side-effect file
 * before returning, so a re-run after a kill shows up as a duplicate line.
 */
public final class CrashChild {

    /** The input of one order. */
    public record Order(int n) {}

    private CrashChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the database file, the side-effect file, the number of instances
     * @throws Exception on failure (the parent reads the exit code)
     */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path effects = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        try (FileChannel out = FileChannel.open(effects, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            StepFunction<Order> step = ctx -> {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3)); // spread the work so kills land mid-step
                String line = "order-" + ctx.input().n() + " " + ctx.stepName() + " " + ctx.idempotencyKey() + " "
                        + ctx.attempt() + "\n";
                synchronized (out) {
                    out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                }
                return ctx.stepName() + "-" + ctx.input().n();
            };
            WorkflowDefinition<Order> def = Workflow.define("crash", Order.class)
                    .step("reserve", step)
                    .step("charge", step, s -> s.after("reserve"))
                    .step("email", step, s -> s.after("reserve"))
                    .step("ship", step, s -> s.after("charge", "email"))
                    .build();
            try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db)).register(def)
                    .parallelism(8).build()) {
                ExecutorService starters = Executors.newFixedThreadPool(8);
                List<Future<WorkflowHandle>> handles = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int n = i;
                    handles.add(starters.submit(() -> engine.start("crash", new Order(n), "order-" + n)));
                }
                for (Future<WorkflowHandle> h : handles) {
                    InstanceInfo info = h.get().result(Duration.ofMinutes(2));
                    if (info.status() != Status.COMPLETED) {
                        throw new IllegalStateException("instance " + info + " did not complete");
                    }
                }
                starters.shutdown();
            }
        }
        System.out.println("ALL DONE");
    }

}
