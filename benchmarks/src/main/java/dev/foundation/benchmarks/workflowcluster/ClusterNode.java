package dev.foundation.benchmarks.workflowcluster;

import dev.foundation.benchmarks.workflow.FiveSteps;
import dev.foundation.benchmarks.workflow.FiveSteps.Input;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.postgres.PostgresOptions;
import dev.foundation.workflow.postgres.PostgresWorkflowStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One cluster-mode engine node of {@link ClusterStepsRun}, in its own JVM, on the run's PostgreSQL schema.
 *
 * <p>Arguments: JDBC URL (with the schema as {@code currentSchema}), user, password, node id, step threads.
 * It prints {@code READY} once its engine runs, then reads commands from its standard input, one per line:
 * {@code RUN <round> <batches> <perBatch>} starts {@code perBatch} instances of {@link FiveSteps} at once,
 * waits for all of them, and repeats that {@code batches} times (so this node runs what it starts, as the
 * in-one-JVM benchmark did), then prints {@code DONE <round> <completed>}. Idempotency keys are
 * {@code r<round>-<node id>-<n>}, so the parent finds a round's instances in the store. The node closes its
 * engine and exits when its standard input ends or says {@code QUIT}.
 */
public final class ClusterNode {

    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(2);

    private ClusterNode() {
    }

    /**
     * Runs the node.
     *
     * @param args see the class comment
     * @throws Exception on failure (the parent sees the process end without {@code DONE})
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ClusterNode <jdbc-url> <user> <password> <node-id> <step-threads>");
            System.exit(2);
        }
        String nodeId = args[3];
        // Each node runs what it starts (it stays far below maxInstances), so no instance waits for a claim; the
        // claim poll is kept short anyway, in case one ever does. No Hazelcast: nothing here needs wake-ups.
        try (WorkflowEngine engine = WorkflowEngine.builder()
                .store(PostgresWorkflowStores.postgres(args[0], args[1], args[2], PostgresOptions.defaults()))
                .register(FiveSteps.definition())
                .parallelism(Integer.parseInt(args[4]))
                .cluster(ClusterOptions.builder().nodeId(nodeId).claimInterval(Duration.ofMillis(100)).build())
                .build()) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("QUIT")) {
                String[] cmd = line.trim().split(" ");
                if (cmd.length != 4 || !cmd[0].equals("RUN")) {
                    throw new IllegalArgumentException("unknown command: " + line);
                }
                String round = cmd[1];
                int completed = run(engine, "r" + round + "-" + nodeId + "-", Integer.parseInt(cmd[2]),
                        Integer.parseInt(cmd[3]));
                System.out.println("DONE " + round + " " + completed);
                System.out.flush();
            }
        }
    }

    private static int run(WorkflowEngine engine, String keyPrefix, int batches, int perBatch) {
        int n = 0;
        for (int b = 0; b < batches; b++) {
            List<CompletableFuture<WorkflowHandle>> handles = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                handles.add(engine.startAsync("five", new Input(n), keyPrefix + n));
                n++;
            }
            for (CompletableFuture<WorkflowHandle> h : handles) {
                InstanceInfo info = h.join().result(RESULT_TIMEOUT);
                if (info.status() != Status.COMPLETED) {
                    throw new IllegalStateException("instance did not complete: " + info);
                }
            }
        }
        return n;
    }
}
